package io.github.camelai.llm.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.support.LlmJson;

/**
 * The JSON schema of a tool's arguments from the {@code parameter.*} options of an llm-tool endpoint:
 * {@code parameter.city=string}, {@code parameter.city.description=...}, {@code parameter.city.required=true},
 * {@code parameter.unit.enum=celsius,fahrenheit}.
 */
final class ToolParameters {

    static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "array", "object");
    private static final Set<String> ATTRIBUTES = Set.of("description", "required", "enum");

    private ToolParameters() {
    }

    static ObjectNode schema(String tool, Map<String, Object> options) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            String text = value == null ? "" : value.toString().trim();
            int dot = key.indexOf('.');
            if (dot < 0) {
                types.put(key, text);
                return;
            }
            String attribute = key.substring(dot + 1);
            if (!ATTRIBUTES.contains(attribute)) {
                throw new IllegalArgumentException("llm-tool:" + tool + " option parameter." + key + " is not known: a "
                                                   + "parameter takes .description, .required and .enum");
            }
            attributes.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(attribute, text);
        });
        ObjectNode schema = LlmJson.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = LlmJson.MAPPER.createArrayNode();
        for (String p : attributes.keySet()) {
            if (!types.containsKey(p)) {
                throw new IllegalArgumentException("llm-tool:" + tool + " describes parameter " + p + " but gives it no "
                                                   + "type: add parameter." + p + "=<" + String.join("|", sorted()) + ">");
            }
        }
        types.forEach((p, type) -> {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("llm-tool:" + tool + " parameter " + p + " has type '" + type
                                                   + "': use one of " + String.join(", ", sorted()));
            }
            ObjectNode property = properties.putObject(p);
            property.put("type", type);
            Map<String, String> attrs = attributes.getOrDefault(p, Map.of());
            if (attrs.containsKey("description")) {
                property.put("description", attrs.get("description"));
            }
            if (attrs.containsKey("enum")) {
                property.set("enum", values(tool, p, type, attrs.get("enum")));
            }
            String req = attrs.get("required");
            if (req != null && !req.equals("true") && !req.equals("false")) {
                throw new IllegalArgumentException("llm-tool:" + tool + " parameter." + p + ".required is '" + req
                                                   + "': use true or false");
            }
            if ("true".equals(req)) {
                required.add(p);
            }
        });
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static ArrayNode values(String tool, String p, String type, String list) {
        ArrayNode values = LlmJson.MAPPER.createArrayNode();
        for (String v : list.split(",")) {
            String value = v.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (type.equals("string")) {
                values.add(value);
                continue;
            }
            if (!type.equals("integer") && !type.equals("number")) {
                throw new IllegalArgumentException("llm-tool:" + tool + " parameter " + p + " is of type " + type
                                                   + ", which takes no enum: enum needs a string, integer or number "
                                                   + "parameter");
            }
            JsonNode number = number(value);
            if (number == null || (type.equals("integer") && !number.isIntegralNumber())) {
                throw new IllegalArgumentException("llm-tool:" + tool + " parameter." + p + ".enum value '" + value
                                                   + "' is not " + (type.equals("integer") ? "an " : "a ") + type);
            }
            values.add(number);
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("llm-tool:" + tool + " parameter." + p + ".enum is empty: list the "
                                               + "allowed values separated by commas");
        }
        return values;
    }

    private static JsonNode number(String text) {
        try {
            JsonNode n = LlmJson.MAPPER.readTree(text);
            return n != null && n.isNumber() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static java.util.List<String> sorted() {
        return TYPES.stream().sorted().toList();
    }
}
