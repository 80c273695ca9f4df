package io.github.camelai.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * How the emulator reads and writes bodies on the JDK server: JSON in and out, server-sent events, and errors in
 * each service's own shape, so every answering class speaks the wire the same way.
 */
final class EmulatorHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EmulatorHttp() {
    }

    /** The request body as a JSON object; anything else is the caller's mistake (400), not the emulator's. */
    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("The body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequest("The body is not valid JSON: " + e.getMessage());
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void json(HttpExchange http, int status, JsonNode body) throws IOException {
        byte[] bytes = write(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * An error as the caller's client expects it: Databricks' {@code {error_code, message}} or the
     * OpenAI-style {@code {error: {message, type, code}}} Baseten uses.
     */
    static void error(HttpExchange http, int status, boolean databricks, String code, String message)
            throws IOException {
        ObjectNode body = NODES.objectNode();
        if (databricks) {
            body.put("error_code", code);
            body.put("message", message);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", code.toLowerCase(Locale.ROOT));
            error.put("code", status);
        }
        json(http, status, body);
    }

    /**
     * Streams the chunks as server-sent events ending in {@code data: [DONE]}, pausing between chunks so a
     * consumer sees them arrive one by one rather than all at once.
     */
    static void sse(HttpExchange http, List<ObjectNode> chunks, long chunkDelayMillis) throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.getResponseHeaders().set("Cache-Control", "no-cache");
        http.sendResponseHeaders(200, 0);
        OutputStream out = http.getResponseBody();
        for (ObjectNode chunk : chunks) {
            out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            pause(chunkDelayMillis);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.close();
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A request the emulator refuses; the router turns it into a 400 in the service's error shape. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
