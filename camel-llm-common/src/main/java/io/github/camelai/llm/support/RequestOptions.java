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
 * The options in force for one exchange: the endpoint's, with any {@code Camel<Prefix><Option>} header on top.
 * Only the model and generation parameters can come from headers (they may come from Kafka or HTTP and are
 * untrusted): never a URL, credential, timeout or retry setting, and a JSON schema or tool list in a header is
 * JSON text, never a resource to load.
 */
public final class RequestOptions {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final TypeReference<List<ToolDefinition>> TOOL_LIST = new TypeReference<>() {
    };

    public String model;
    public String systemMessage;
    public Double temperature;
    public Double topP;
    public Integer topK;
    public Integer maxTokens;
    public List<String> stop;
    public Integer n;
    public Long seed;
    public List<ToolDefinition> tools;
    public Object toolChoice;
    public Object responseFormat;
    public String reasoningEffort;
    public Boolean logprobs;
    public Integer topLogprobs;
    public boolean streaming;
    public StreamOutput streamOutput;
    public boolean fullResponse;
    /** additionalBodyProperty.* with values typed (numbers, booleans, JSON) */
    public Map<String, Object> additional;
    /** The endpoint's jsonSchema option, parsed: a header may switch the format to json_schema and use it */
    private JsonNode jsonSchema;

    private RequestOptions() {
    }

    /**
     * The endpoint-level options, parsed once when the endpoint starts: tools and the JSON schema may be loaded
     * from resources here.
     */
    public static RequestOptions fromConfiguration(LlmConfiguration cfg, CamelContext context) {
        RequestOptions o = new RequestOptions();
        o.model = cfg.getModel();
        o.systemMessage = cfg.getSystemMessage();
        o.temperature = cfg.getTemperature();
        o.topP = cfg.getTopP();
        o.topK = cfg.getTopK();
        o.maxTokens = cfg.getMaxTokens();
        o.stop = splitStop(cfg.getStop());
        o.n = cfg.getN();
        o.seed = cfg.getSeed();
        o.tools = cfg.getTools() == null ? null : tools("Option tools", cfg.getTools(), context, true);
        o.toolChoice = toolChoice(cfg.getToolChoice());
        o.jsonSchema = cfg.getJsonSchema() == null ? null
                : LlmJson.readOptionJson(context, "jsonSchema", cfg.getJsonSchema());
        o.responseFormat = responseFormat(cfg.getResponseFormat(), o.jsonSchema, "option jsonSchema");
        o.reasoningEffort = cfg.getReasoningEffort();
        o.logprobs = cfg.getLogprobs();
        o.topLogprobs = cfg.getTopLogprobs();
        o.streaming = cfg.isStreaming();
        o.streamOutput = cfg.getStreamOutput() == null ? StreamOutput.iterator : cfg.getStreamOutput();
        o.fullResponse = cfg.isFullResponse();
        Map<String, Object> extra = new LinkedHashMap<>();
        cfg.getAdditionalBodyProperty().forEach((k, v) -> extra.put(k, typed(v)));
        o.additional = Collections.unmodifiableMap(extra);
        return o;
    }

    /** These options with the exchange's override headers applied; {@code this} when there are none. */
    public RequestOptions withHeaders(Message message, LlmHeaders h, CamelContext context) {
        Map<String, Object> headers = message.getHeaders();
        if (headers.isEmpty() || headers.keySet().stream().noneMatch(k -> k.startsWith(h.prefix()))) {
            return this;
        }
        RequestOptions o = copy();
        o.model = header(message, h, LlmHeaders.MODEL, String.class, o.model);
        o.systemMessage = header(message, h, LlmHeaders.SYSTEM_MESSAGE, String.class, o.systemMessage);
        o.temperature = header(message, h, LlmHeaders.TEMPERATURE, Double.class, o.temperature);
        o.topP = header(message, h, LlmHeaders.TOP_P, Double.class, o.topP);
        o.topK = header(message, h, LlmHeaders.TOP_K, Integer.class, o.topK);
        o.maxTokens = header(message, h, LlmHeaders.MAX_TOKENS, Integer.class, o.maxTokens);
        Object stop = message.getHeader(h.name(LlmHeaders.STOP));
        if (stop instanceof List<?> list) {
            o.stop = list.stream().map(String::valueOf).toList();
        } else if (stop != null) {
            o.stop = splitStop(stop.toString());
        }
        o.n = header(message, h, LlmHeaders.N, Integer.class, o.n);
        o.seed = header(message, h, LlmHeaders.SEED, Long.class, o.seed);
        Object tools = message.getHeader(h.name(LlmHeaders.TOOLS));
        if (tools != null) {
            o.tools = tools("Header " + h.name(LlmHeaders.TOOLS), tools, context, false);
        }
        String toolChoice = header(message, h, LlmHeaders.TOOL_CHOICE, String.class, null);
        if (toolChoice != null) {
            o.toolChoice = toolChoice(toolChoice);
        }
        ResponseFormatType format = header(message, h, LlmHeaders.RESPONSE_FORMAT, ResponseFormatType.class, null);
        String schema = header(message, h, LlmHeaders.JSON_SCHEMA, String.class, null);
        if (format != null || schema != null) {
            JsonNode schemaNode = schema != null ? LlmJson.parse("Header " + h.name(LlmHeaders.JSON_SCHEMA), schema) : null;
            String source = "header " + h.name(LlmHeaders.JSON_SCHEMA);
            if (format == null) {
                format = ResponseFormatType.json_schema;
            }
            if (schemaNode == null && format == ResponseFormatType.json_schema) {
                // json_schema asked for by header, schema from the endpoint's jsonSchema option
                schemaNode = o.jsonSchema;
                source = "option jsonSchema";
            }
            o.responseFormat = responseFormat(format, schemaNode, source);
        }
        o.reasoningEffort = header(message, h, LlmHeaders.REASONING_EFFORT, String.class, o.reasoningEffort);
        o.logprobs = header(message, h, LlmHeaders.LOGPROBS, Boolean.class, o.logprobs);
        o.topLogprobs = header(message, h, LlmHeaders.TOP_LOGPROBS, Integer.class, o.topLogprobs);
        o.streaming = header(message, h, LlmHeaders.STREAMING, Boolean.class, o.streaming);
        o.streamOutput = header(message, h, LlmHeaders.STREAM_OUTPUT, StreamOutput.class, o.streamOutput);
        o.fullResponse = header(message, h, LlmHeaders.FULL_RESPONSE, Boolean.class, o.fullResponse);
        return o;
    }

    private RequestOptions copy() {
        RequestOptions o = new RequestOptions();
        o.model = model;
        o.systemMessage = systemMessage;
        o.temperature = temperature;
        o.topP = topP;
        o.topK = topK;
        o.maxTokens = maxTokens;
        o.stop = stop;
        o.n = n;
        o.seed = seed;
        o.tools = tools;
        o.toolChoice = toolChoice;
        o.responseFormat = responseFormat;
        o.reasoningEffort = reasoningEffort;
        o.logprobs = logprobs;
        o.topLogprobs = topLogprobs;
        o.streaming = streaming;
        o.streamOutput = streamOutput;
        o.fullResponse = fullResponse;
        o.additional = additional;
        o.jsonSchema = jsonSchema;
        return o;
    }

    private static <T> T header(Message message, LlmHeaders h, String suffix, Class<T> type, T fallback) {
        String name = h.name(suffix);
        Object raw = message.getHeader(name);
        if (raw == null) {
            return fallback;
        }
        try {
            T value = message.getHeader(name, type);
            if (value == null) {
                throw new IllegalArgumentException("Header " + name + " has the value '" + abbreviate(raw)
                                                   + "', which is not a " + type.getSimpleName());
            }
            return value;
        } catch (TypeConversionException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("Header ")) {
                throw e;
            }
            throw new IllegalArgumentException("Header " + name + " has the value '" + abbreviate(raw)
                                               + "', which is not a " + type.getSimpleName(), e);
        }
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
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
