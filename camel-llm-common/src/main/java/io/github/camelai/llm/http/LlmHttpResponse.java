package io.github.camelai.llm.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/** A whole (non-streamed) HTTP answer. Header names are lower-case. */
public final class LlmHttpResponse {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    public LlmHttpResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body == null ? new byte[0] : body;
    }

    public int status() {
        return status;
    }

    /** The first value of a header, by case-insensitive name, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HTTP " + status + " (" + body.length + " body bytes)";
    }
}
