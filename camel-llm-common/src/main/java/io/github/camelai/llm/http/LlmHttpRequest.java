package io.github.camelai.llm.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a model service. Immutable; {@link #toString()} never shows header values, since the
 * {@code Authorization} header carries a credential.
 */
public final class LlmHttpRequest {

    private final String method;
    private final String uri;
    private final Map<String, String> headers;
    private final byte[] body;

    private LlmHttpRequest(String method, String uri, Map<String, String> headers, byte[] body) {
        this(method, uri, body, Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
    }

    /** {@code owned}: a map no one else holds, kept as it is (every request of every call passes here). */
    private LlmHttpRequest(String method, String uri, byte[] body, Map<String, String> owned) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = owned;
        this.body = body;
    }

    /** A POST with a JSON body. */
    public static LlmHttpRequest postJson(String uri, byte[] json) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return new LlmHttpRequest("POST", uri, json, Collections.unmodifiableMap(h));
    }

    public static LlmHttpRequest get(String uri) {
        return new LlmHttpRequest("GET", uri, Map.of(), null);
    }

    public static LlmHttpRequest delete(String uri) {
        return new LlmHttpRequest("DELETE", uri, Map.of(), null);
    }

    /** A POST with a form-encoded body (OAuth token requests). */
    public static LlmHttpRequest postForm(String uri, String form) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-www-form-urlencoded");
        return new LlmHttpRequest("POST", uri, h, form.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A copy with one more header (or a replaced one).
     *
     * @throws IllegalArgumentException when the name or value holds a control character (CR or LF would let a value
     *                                  add headers of its own); the message names the header, never its value
     */
    public LlmHttpRequest withHeader(String name, String value) {
        checkHeader(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new LlmHttpRequest(method, uri, body, Collections.unmodifiableMap(h));
    }

    /** A copy with more headers (each replacing one of the same name), checked as {@link #withHeader} checks one. */
    public LlmHttpRequest withHeaders(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        for (Map.Entry<String, String> e : more.entrySet()) {
            checkHeader(e.getKey(), e.getValue());
            h.put(e.getKey(), e.getValue());
        }
        return new LlmHttpRequest(method, uri, body, Collections.unmodifiableMap(h));
    }

    private static void checkHeader(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            // not requireNonNull(value, "..." + name): that would build the message for every header of every call
            throw new NullPointerException("value of header " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("Invalid HTTP header name '" + name.replaceAll("[\\p{Cntrl}]", "?")
                                                   + "': use letters, digits and '-' only");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                // the value may be a credential: name the header, never quote the value
                throw new IllegalArgumentException("The value of HTTP header " + name + " has a control character (CR, LF"
                                                   + " or similar) at position " + i + "; a header value must be one"
                                                   + " line of text. Check where the value (an option, a header or an"
                                                   + " environment variable) comes from");
            }
        }
    }

    public String method() {
        return method;
    }

    public String uri() {
        return uri;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body bytes, or {@code null} for none. */
    public byte[] body() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + uri + " (headers " + headers.keySet() + ", " + (body == null ? 0 : body.length)
               + " body bytes)";
    }
}
