package io.github.camelai.llm.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

/** The one JSON mapper of the components, and loading JSON from option values. */
public final class LlmJson {

    /** Thread-safe once configured; never reconfigured after class init. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private LlmJson() {
    }

    /**
     * Reads an option value that is JSON text or a {@code resource:} URI ({@code resource:classpath:x.json},
     * {@code resource:file:...}). Only options may name resources: header values are parsed as JSON text only,
     * since a header must never make the component read a file.
     */
    public static JsonNode readOptionJson(CamelContext context, String option, String value) {
        String text = value.trim();
        if (text.startsWith("resource:")) {
            String uri = text.substring("resource:".length());
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("Option " + option + ": cannot read " + uri + ": " + e.getMessage(), e);
            }
        }
        return parse(option, text);
    }

    /** Parses JSON text, failing with a message that names where it came from. */
    public static JsonNode parse(String what, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** The deepest nesting of maps, lists and arrays accepted in a body: far beyond any real request. */
    public static final int MAX_DEPTH = 500;

    /**
     * Refuses a value nested deeper than {@link #MAX_DEPTH}: converting or writing it would recurse until the stack
     * overflows. Iterative, so the check itself cannot.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    public static void checkDepth(Object value, String what) {
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.push(new Object[] { value, 0 });
        while (!todo.isEmpty()) {
            Object[] next = todo.pop();
            int depth = (int) next[1];
            Iterable<?> children = next[0] instanceof java.util.Map<?, ?> m ? m.values()
                    : next[0] instanceof JsonNode n && n.isContainerNode() ? n
                    : next[0] instanceof Iterable<?> i ? i
                    : next[0] instanceof Object[] a ? java.util.Arrays.asList(a) : null;
            if (children == null) {
                continue;
            }
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException(what + " is nested more than " + MAX_DEPTH + " levels deep; no model "
                                                   + "request needs that, and writing it would exhaust the stack");
            }
            for (Object child : children) {
                todo.push(new Object[] { child, depth + 1 });
            }
        }
    }

    public static byte[] write(Object value) {
        checkDepth(value, "The request");
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write the request as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a service's answer; an empty body or a JSON {@code null} fails like malformed JSON. */
    public static <T> T read(byte[] body, Class<T> type, String what) {
        try {
            T value = body == null || body.length == 0 ? null : MAPPER.readValue(body, type);
            if (value == null) {
                throw new io.github.camelai.llm.error.LlmException("Cannot read " + what + " from the service's answer:"
                                                                   + " the answer is empty");
            }
            return value;
        } catch (IOException e) {
            throw new io.github.camelai.llm.error.LlmException(
                    "Cannot read " + what + " from the service's answer: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
