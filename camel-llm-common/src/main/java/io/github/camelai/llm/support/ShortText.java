package io.github.camelai.llm.support;

/** Quotes a value the user gave in an error message, cut short so a large body does not flood the message. */
public final class ShortText {

    private ShortText() {
    }

    /** {@code value} as text, cut to its first {@code max} characters plus {@code ...} when longer. */
    public static String abbreviate(Object value, int max) {
        String s = String.valueOf(value);
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
