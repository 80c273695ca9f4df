package io.github.camelai.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the emulator plays a tool-calling model, deterministically: it calls the first offered tool once per
 * capitalised word of the question after its first word (the names in it: "What is the weather in Paris and
 * Rome?" calls it for Paris and for Rome, two calls in one answer), passing the word as the tool's first
 * parameter; once with no arguments when there is no such word. Once tool results follow the last user message,
 * it answers.
 */
final class EmulatedToolCalls {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EmulatedToolCalls() {
    }

    /** The contents of the tool messages after the last user message. */
    static List<String> results(JsonNode messages) {
        List<String> results = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if ("user".equals(role)) {
                results.clear();
            } else if ("tool".equals(role)) {
                JsonNode content = message.get("content");
                results.add(content == null || content.isNull() ? "" : content.isTextual() ? content.asText() : content.toString());
            }
        }
        return results;
    }

    /** The tool calls for a question: chat-style {@code {id, type, function: {name, arguments}}}. */
    static ArrayNode calls(String question, JsonNode tool, Supplier<String> ids) {
        JsonNode function = tool.has("function") ? tool.get("function") : tool;
        String name = function.path("name").asText();
        Iterator<String> params = function.path("parameters").path("properties").fieldNames();
        String param = params.hasNext() ? params.next() : null;
        List<String> names = new ArrayList<>();
        String[] words = question.split("[^\\p{L}\\p{N}_-]+");
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0))) {
                names.add(words[i]);
            }
        }
        if (names.isEmpty() || param == null) {
            names = Collections.singletonList(null);
        }
        ArrayNode calls = NODES.arrayNode();
        for (String value : names) {
            ObjectNode args = NODES.objectNode();
            if (value != null) {
                args.put(param, value);
            }
            ObjectNode call = calls.addObject();
            call.put("id", ids.get());
            call.put("type", "function");
            call.putObject("function").put("name", name).put("arguments", args.toString());
        }
        return calls;
    }
}
