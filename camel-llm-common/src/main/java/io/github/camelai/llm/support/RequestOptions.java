package io.github.camelai.llm.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.model.ToolDefinition;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.TypeConversionException;

/**
 * The options in force for one exchange, immutable: the endpoint's, with any {@code Camel<Prefix><Option>} header
 * on top. Which options these are, and which header overrides each, is the {@link GenerationParameter} table: the
 * model and generation parameters only (headers may come from Kafka or HTTP and are untrusted), never a URL,
 * credential, timeout or retry setting; a JSON schema or tool list in a header is JSON text, never a resource to
 * load.
 */
public final class RequestOptions {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final TypeReference<List<ToolDefinition>> TOOL_LIST = new TypeReference<>() {
    };

    private static final GenerationParameter[] PARAMETERS = GenerationParameter.values();

    /** The value of each {@link GenerationParameter}, by ordinal; never changed once built. */
    private final Object[] values;
    /** additionalBodyProperty.* with values typed (numbers, booleans, JSON) */
    private final Map<String, Object> additional;

    private RequestOptions(Object[] values, Map<String, Object> additional) {
        this.values = values;
        this.additional = additional;
    }

    /**
     * The endpoint-level options, parsed once when the endpoint starts: tools and the JSON schema may be loaded
     * from resources here.
     */
    public static RequestOptions fromConfiguration(LlmConfiguration cfg, CamelContext context) {
        Object[] v = new Object[PARAMETERS.length];
        for (GenerationParameter p : PARAMETERS) {
            Object raw = p.valueIn(cfg);
            v[p.ordinal()] = switch (p) {
                case SYSTEM_MESSAGE -> noneIfEmpty((String) raw);
                case STOP -> splitStop((String) raw);
                case TOOLS -> raw == null ? null : tools("Option tools", raw, context, true);
                case TOOL_CHOICE -> toolChoice((String) raw);
                case JSON_SCHEMA -> raw == null ? null : LlmJson.readOptionJson(context, "jsonSchema", (String) raw);
                case RESPONSE_FORMAT -> null; // below: it needs the schema
                case STREAM_OUTPUT -> raw == null ? StreamOutput.iterator : raw;
                default -> raw;
            };
        }
        v[GenerationParameter.RESPONSE_FORMAT.ordinal()] = responseFormat(cfg.getResponseFormat(),
                (JsonNode) v[GenerationParameter.JSON_SCHEMA.ordinal()], "option jsonSchema");
        Map<String, Object> extra = new LinkedHashMap<>();
        cfg.getAdditionalBodyProperty().forEach((k, v2) -> extra.put(k, typed(v2)));
        return new RequestOptions(v, Collections.unmodifiableMap(extra)).checkCounts("option");
    }

    /** A count of zero or less asks the service for nothing: refused before any call, naming where it came from. */
    private RequestOptions checkCounts(String source) {
        Object maxTokens = values[GenerationParameter.MAX_TOKENS.ordinal()];
        if (maxTokens instanceof Integer m && m <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + m + " (" + source
                                               + "); leave it unset for the service's default");
        }
        Object n = values[GenerationParameter.N.ordinal()];
        if (n instanceof Integer count && count <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + count + " (" + source + "); it is the number"
                                               + " of answers to generate");
        }
        return this;
    }

    /** These options with the exchange's override headers applied; {@code this} when there are none. */
    public RequestOptions withHeaders(Message message, LlmHeaders h, CamelContext context) {
        Map<String, Object> headers = message.getHeaders();
        // header names are case-insensitive in Camel: camelbasetentemperature overrides like CamelBasetenTemperature
        String prefix = h.prefix();
        if (!anyStartsWith(headers, prefix)) {
            return this;
        }
        Object[] v = values.clone();
        for (GenerationParameter p : PARAMETERS) {
            String name = h.name(p.header());
            int i = p.ordinal();
            switch (p) {
                case SYSTEM_MESSAGE -> v[i] = noneIfEmpty(header(message, name, String.class, (String) v[i]));
                case STOP -> {
                    Object stop = message.getHeader(name);
                    List<?> stops = BodyTexts.items(stop);
                    if (stops != null) {
                        v[i] = stops.stream().map(String::valueOf).toList();
                    } else if (stop != null) {
                        v[i] = splitStop(stop.toString());
                    }
                }
                case TOOLS -> {
                    Object tools = message.getHeader(name);
                    if (tools != null) {
                        v[i] = tools("Header " + name, tools, context, false);
                    }
                }
                case TOOL_CHOICE -> {
                    String toolChoice = header(message, name, String.class, null);
                    if (toolChoice != null) {
                        v[i] = toolChoice(toolChoice);
                    }
                }
                case RESPONSE_FORMAT -> v[i] = responseFormat(message, h, v[i], (JsonNode) v[GenerationParameter.JSON_SCHEMA.ordinal()]);
                case JSON_SCHEMA -> {
                    // the endpoint's schema stays: a header schema goes into the response format only
                }
                default -> v[i] = header(message, name, p.type(), v[i]);
            }
        }
        return new RequestOptions(v, additional).checkCounts("option or header");
    }

    /** The response format with headers {@code ResponseFormat} and {@code JsonSchema} applied. */
    /** A plain loop, not a stream: this runs for every exchange, and most carry no option header at all. */
    private static boolean anyStartsWith(Map<String, Object> headers, String prefix) {
        for (String k : headers.keySet()) {
            if (k.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    private static Object responseFormat(Message message, LlmHeaders h, Object current, JsonNode endpointSchema) {
        String schemaHeader = h.name(GenerationParameter.JSON_SCHEMA.header());
        ResponseFormatType format = header(message, h.name(GenerationParameter.RESPONSE_FORMAT.header()),
                ResponseFormatType.class, null);
        String schema = header(message, schemaHeader, String.class, null);
        if (format == null && schema == null) {
            return current;
        }
        JsonNode schemaNode = schema != null ? LlmJson.parse("Header " + schemaHeader, schema) : null;
        String source = "header " + schemaHeader;
        if (format == null) {
            format = ResponseFormatType.json_schema;
        }
        if (schemaNode == null && format == ResponseFormatType.json_schema) {
            // json_schema asked for by header, schema from the endpoint's jsonSchema option
            schemaNode = endpointSchema;
            source = "option jsonSchema";
        }
        return responseFormat(format, schemaNode, source);
    }

    /** The value of a parameter in force (converted: a list of stops, parsed tools, the response_format object). */
    public Object get(GenerationParameter p) {
        return values[p.ordinal()];
    }

    public String model() {
        return (String) get(GenerationParameter.MODEL);
    }

    /** The system message, {@code null} when none (an empty one is none). */
    public String systemMessage() {
        return (String) get(GenerationParameter.SYSTEM_MESSAGE);
    }

    @SuppressWarnings("unchecked")
    public List<String> stop() {
        return (List<String>) get(GenerationParameter.STOP);
    }

    @SuppressWarnings("unchecked")
    public List<ToolDefinition> tools() {
        return (List<ToolDefinition>) get(GenerationParameter.TOOLS);
    }

    /** {@code none}, {@code auto}, {@code required}, or a {@code tool_choice} object. */
    public Object toolChoice() {
        return get(GenerationParameter.TOOL_CHOICE);
    }

    /** The {@code response_format} object, {@code null} when none. */
    public Object responseFormat() {
        return get(GenerationParameter.RESPONSE_FORMAT);
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(get(GenerationParameter.STREAMING));
    }

    public StreamOutput streamOutput() {
        return (StreamOutput) get(GenerationParameter.STREAM_OUTPUT);
    }

    public boolean fullResponse() {
        return Boolean.TRUE.equals(get(GenerationParameter.FULL_RESPONSE));
    }

    /** {@code additionalBodyProperty.*}, values typed (numbers, booleans, JSON); unmodifiable. */
    public Map<String, Object> additional() {
        return additional;
    }

    private static String noneIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @SuppressWarnings("unchecked")
    private static <T> T header(Message message, String name, Class<T> type, Object fallback) {
        Object raw = message.getHeader(name);
        if (raw == null) {
            return (T) fallback;
        }
        try {
            T value = message.getHeader(name, type);
            if (value == null) {
                throw new IllegalArgumentException("Header " + name + " has the value '" + ShortText.abbreviate(raw, 60)
                                                   + "', which is not a " + type.getSimpleName());
            }
            return value;
        } catch (TypeConversionException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("Header ")) {
                throw e;
            }
            throw new IllegalArgumentException("Header " + name + " has the value '" + ShortText.abbreviate(raw, 60)
                                               + "', which is not a " + type.getSimpleName(), e);
        }
    }

    static List<String> splitStop(String stop) {
        if (stop == null || stop.isEmpty()) {
            return null;
        }
        List<String> list = new ArrayList<>(Arrays.asList(stop.split(",")));
        list.removeIf(String::isEmpty);
        return list.isEmpty() ? null : List.copyOf(list);
    }

    @SuppressWarnings("unchecked")
    static List<ToolDefinition> tools(String what, Object value, CamelContext context, boolean allowResource) {
        try {
            if (value instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof ToolDefinition)) {
                return (List<ToolDefinition>) list;
            }
            if (value instanceof ToolDefinition single) {
                return List.of(single);
            }
            JsonNode node;
            if (value instanceof JsonNode n) {
                node = n;
            } else if (value instanceof CharSequence text) {
                node = allowResource ? LlmJson.readOptionJson(context, "tools", text.toString())
                        : LlmJson.parse(what, text.toString());
            } else {
                node = LlmJson.MAPPER.valueToTree(value);
            }
            if (node.isObject()) {
                node = LlmJson.MAPPER.createArrayNode().add(node);
            }
            if (!node.isArray()) {
                throw new IllegalArgumentException(what + " must be a JSON array of tool definitions");
            }
            return LlmJson.MAPPER.convertValue(node, TOOL_LIST);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(what)) {
                throw e;
            }
            throw new IllegalArgumentException(what + " is not a list of tool definitions "
                                               + "([{\"type\":\"function\",\"function\":{\"name\":...}}]): "
                                               + e.getMessage(), e);
        }
    }

    static Object toolChoice(String choice) {
        if (choice == null || choice.isBlank()) {
            return null;
        }
        String c = choice.trim();
        if (c.equals("none") || c.equals("auto") || c.equals("required")) {
            return c;
        }
        if (c.startsWith("{")) {
            return LlmJson.parse("toolChoice", c);
        }
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", c);
        Map<String, Object> tc = new LinkedHashMap<>();
        tc.put("type", "function");
        tc.put("function", function);
        return tc;
    }

    static Object responseFormat(ResponseFormatType type, JsonNode schema, String schemaSource) {
        if (type == null && schema == null) {
            return null;
        }
        if (type == null) {
            type = ResponseFormatType.json_schema;
        }
        Map<String, Object> format = new LinkedHashMap<>();
        format.put("type", type.name());
        if (type == ResponseFormatType.json_schema) {
            if (schema == null) {
                throw new IllegalArgumentException("responseFormat json_schema needs a schema: set the jsonSchema option "
                                                   + "(JSON text or resource:classpath:schema.json)");
            }
            if (!schema.isObject()) {
                throw new IllegalArgumentException("The JSON schema from " + schemaSource + " must be a JSON object");
            }
            ObjectNode js;
            if (schema.has("schema") && schema.get("schema").isObject()) {
                js = (ObjectNode) schema.deepCopy();
                if (!js.has("name")) {
                    js.put("name", "response");
                }
            } else {
                js = LlmJson.MAPPER.createObjectNode();
                js.put("name", "response");
                js.set("schema", schema);
                js.put("strict", true);
            }
            format.put("json_schema", js);
        }
        return format;
    }

    /** additionalBodyProperty values arrive as text from URIs and YAML: send numbers, booleans and JSON as such. */
    static Object typed(Object value) {
        if (!(value instanceof String s)) {
            return value;
        }
        String t = s.trim();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        if (t.equals("null")) {
            return null;
        }
        if (NUMBER.matcher(t).matches() || t.startsWith("{") || t.startsWith("[")) {
            try {
                return LlmJson.MAPPER.readTree(t);
            } catch (Exception e) {
                return s;
            }
        }
        return s;
    }
}
