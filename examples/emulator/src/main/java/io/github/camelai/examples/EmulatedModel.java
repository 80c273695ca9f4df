package io.github.camelai.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulated model itself, apart from any wire format: every answer, token count and embedding is a pure
 * function of the input, so tests can compute the expected result instead of hard-coding it.
 */
final class EmulatedModel {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PIECE = Pattern.compile("\\s*\\S+");

    private EmulatedModel() {
    }

    /** The question in upper case. */
    static String answerFor(String question) {
        return question == null ? "" : question.toUpperCase(Locale.ROOT);
    }

    /** A token is a whitespace-separated word. */
    static int countTokens(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return text.trim().split("\\s+").length;
    }

    /** An 8-dimensional vector derived from the text's hash, each value in [-1, 1). */
    static float[] embeddingOf(String text) {
        float[] v = new float[8];
        int h = text.hashCode();
        for (int i = 0; i < v.length; i++) {
            h = h * 31 + i * 7919 + 17;
            v[i] = ((h >>> 8) % 2000) / 1000f - 1f;
        }
        return v;
    }

    /** The answer cut into word-sized pieces ({@code "HELLO"}, {@code " WORLD"}), as a model would stream it. */
    static List<String> pieces(String answer) {
        List<String> pieces = new ArrayList<>();
        Matcher m = PIECE.matcher(answer);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    /** What the model makes of a free-form (predict) input: text is upper-cased, wherever it sits in the JSON. */
    static JsonNode transform(JsonNode input) {
        if (input == null) {
            return NODES.nullNode();
        }
        if (input.isTextual()) {
            return NODES.textNode(answerFor(input.asText()));
        }
        if (input.isObject()) {
            ObjectNode out = NODES.objectNode();
            input.fields().forEachRemaining(e -> out.set(e.getKey(), transform(e.getValue())));
            return out;
        }
        if (input.isArray()) {
            ArrayNode out = NODES.arrayNode();
            input.forEach(e -> out.add(transform(e)));
            return out;
        }
        return input;
    }
}
