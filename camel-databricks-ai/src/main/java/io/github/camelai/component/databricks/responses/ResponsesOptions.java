package io.github.camelai.component.databricks.responses;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.model.ToolDefinition;
import io.github.camelai.llm.support.GenerationParameter;
import io.github.camelai.llm.support.LlmJson;

/**
 * The options whose Responses API shape differs from the Chat Completions one the options hold: {@code tools},
 * {@code tool_choice} and {@code text.format}. Databricks passes the Responses API through to OpenAI's, so these are
 * OpenAI's Responses shapes: flat where chat nests them under {@code function} or {@code json_schema}.
 */
final class ResponsesOptions {

    /**
     * The name {@code text.format} gets when the schema has neither a name of its own nor a usable {@code title};
     * the Responses API requires one (it answers 400 "Missing required parameter: 'text.format.name'").
     */
    static final String DEFAULT_SCHEMA_NAME = "response";

    // OpenAI accepts schema names of letters, digits, '_' and '-', at most 64 characters
    private static final int MAX_NAME_LENGTH = 64;

    private ResponsesOptions() {
    }

    /** The option's value in the Responses shape, or {@code null} when it goes out as it is. */
    @SuppressWarnings("unchecked")
    static JsonNode convert(GenerationParameter p, Object value) {
        return switch (p) {
            case TOOLS -> tools((List<ToolDefinition>) value);
            case TOOL_CHOICE -> toolChoice(value);
            case RESPONSE_FORMAT -> textFormat(value);
            default -> null;
        };
    }

    /**
     * Chat-style function tools ({@code {type, function:{name,...}}}) flat: {@code {type, name, description,
     * parameters, strict}}. Every function tool carries {@code strict}, {@code false} unless the tool says otherwise:
     * the Responses API takes a missing {@code strict} as {@code true}, which makes every optional parameter required.
     * A function without {@code parameters} gets an empty object schema. Other tool types go out as they are.
     */
    static ArrayNode tools(List<ToolDefinition> tools) {
        ArrayNode out = LlmJson.MAPPER.createArrayNode();
        for (ToolDefinition tool : tools) {
            ObjectNode node = LlmJson.MAPPER.valueToTree(tool);
            if ("function".equals(node.path("type").asText())) {
                if (node.get("function") instanceof ObjectNode f) {
                    node.remove("function");
                    f.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue()));
                }
                if (!node.hasNonNull("parameters")) {
                    node.putObject("parameters").put("type", "object").putObject("properties");
                }
                if (!node.hasNonNull("strict")) {
                    node.put("strict", false);
                }
            }
            out.add(node);
        }
        return out;
    }

    /** {@code {type: function, function: {name}}} becomes {@code {type: function, name}}; words stay as they are. */
    static JsonNode toolChoice(Object choice) {
        JsonNode node = LlmJson.MAPPER.valueToTree(choice);
        if (node instanceof ObjectNode obj && obj.get("function") instanceof ObjectNode f && f.has("name")) {
            ObjectNode flat = obj.deepCopy();
            flat.remove("function");
            flat.set("name", f.get("name"));
            return flat;
        }
        return node;
    }

    /**
     * The chat {@code response_format} as {@code text.format}: {@code json_schema} flat,
     * {@code {"type":"json_schema","name","schema","strict"}} (the chat nesting under {@code json_schema} is answered
     * 400); {@code json_object} and {@code text} as they are. The name is the one given with the schema, else the
     * schema's {@code title} (reduced to the characters a name may have), else {@value #DEFAULT_SCHEMA_NAME}.
     */
    static JsonNode textFormat(Object responseFormat) {
        JsonNode node = LlmJson.MAPPER.valueToTree(responseFormat);
        if (!(node instanceof ObjectNode format) || !(format.get("json_schema") instanceof ObjectNode js)) {
            return null;
        }
        ObjectNode flat = LlmJson.MAPPER.createObjectNode();
        flat.put("type", "json_schema");
        flat.put("name", name(js));
        js.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("name")) {
                flat.set(e.getKey(), e.getValue());
            }
        });
        return flat;
    }

    /**
     * The schema's name. The chat form names a schema {@value #DEFAULT_SCHEMA_NAME} when the user gave none, so that
     * name gives way to the schema's {@code title}.
     */
    private static String name(ObjectNode js) {
        String name = js.path("name").asText("");
        if (!name.isEmpty() && !name.equals(DEFAULT_SCHEMA_NAME)) {
            return name;
        }
        String title = js.path("schema").path("title").asText("");
        String cleaned = title.trim().replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.isEmpty()) {
            return DEFAULT_SCHEMA_NAME;
        }
        return cleaned.length() > MAX_NAME_LENGTH ? cleaned.substring(0, MAX_NAME_LENGTH) : cleaned;
    }
}
