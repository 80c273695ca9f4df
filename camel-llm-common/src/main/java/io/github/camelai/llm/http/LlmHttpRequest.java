package io.github.camelai.llm.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request to a model service. Immutable; {@link #toString()} never shows header values, since the
 * {@code Authorization} header carries a credential.
 */
public final class LlmHttpRequest {

    private final String method;
    private final String uri;
    private final Map<String, String> headers;
    private final byte[] body;
    private final long estimatedTokens;

    /** The one completed admission {@link RequestGate#OPEN} hands out. */
    static final CompletableFuture<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private LlmHttpRequest(String method, String uri, Map<String, String> headers, byte[] body) {
        this(method, uri, body, Collections.unmodifiableMap(new LinkedHashMap<>(headers)), 0);
    }

    /** {@code owned}: a map no one else holds, kept as it is (every request of every call passes here). */
    private LlmHttpRequest(String method, String uri, byte[] body, Map<String, String> owned, long estimatedTokens) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = owned;
        this.body = body;
        this.estimatedTokens = estimatedTokens;
    }

    /** A POST with a JSON body. */
    public static LlmHttpRequest postJson(String uri, byte[] json) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        return new LlmHttpRequest("POST", uri, json, Collections.unmodifiableMap(h), 0);
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
        return new LlmHttpRequest(method, uri, body, Collections.unmodifiableMap(h), estimatedTokens);
    }

    /** A copy with more headers (each replacing one of the same name), checked as {@link #withHeader} checks one. */
    public LlmHttpRequest withHeaders(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        for (Map.Entry<String, String> e : more.entrySet()) {
            checkHeader(e.getKey(), e.getValue());
            h.put(e.getKey(), e.getValue());
        }
        return new LlmHttpRequest(method, uri, body, Collections.unmodifiableMap(h), estimatedTokens);
    }

    /**
     * A copy that a tokens-per-minute quota charges {@code tokens} before it is sent (0, the default: the request
     * counts as a request only).
     */
    public LlmHttpRequest withEstimatedTokens(long tokens) {
        return tokens == estimatedTokens ? this : new LlmHttpRequest(method, uri, body, headers, Math.max(0, tokens));
    }

    /** The tokens a quota charges this request before it is sent; 0 when it counts as a request only. */
    public long estimatedTokens() {
        return estimatedTokens;
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
