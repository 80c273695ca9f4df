package io.github.camelai.llm.error;

import java.nio.charset.StandardCharsets;

/**
 * The first bytes of an unexpected answer, fit for an error message: decoded leniently, one line, cut short, and
 * with anything that looks like a credential masked (a proxy may echo request headers back).
 */
public final class BodyPreview {

    /** How many bytes of an unexpected answer an error message quotes. */
    public static final int MAX_BYTES = 200;

    private BodyPreview() {
    }

    /** The first {@code length} bytes of {@code bytes} (at most {@value #MAX_BYTES}) as quotable text. */
    public static String of(byte[] bytes, int length) {
        int n = Math.min(Math.min(length, bytes.length), MAX_BYTES);
        String text = ErrorText.collapseWhitespace(new String(bytes, 0, n, StandardCharsets.UTF_8));
        text = ErrorText.redact(text);
        return "'" + text + (length > n ? "...'" : "'");
    }
}
