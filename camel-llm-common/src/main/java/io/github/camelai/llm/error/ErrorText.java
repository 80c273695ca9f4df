package io.github.camelai.llm.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small text helpers shared by the error classes: blank handling, whitespace collapsing, truncation and masking of
 * credential-looking values.
 */
final class ErrorText {

    static final String DEFAULT_PROVIDER = "LLM service";

    /**
     * "Bearer abc1...", "Api-Key abc1...", "Basic abc1...", "Token abc1...": keep the scheme, mask the value. The
     * value must be 8+ token characters with a letter and a digit, so prose such as "Invalid token provided" stays.
     */
    private static final Pattern AUTH_VALUE = Pattern.compile(
            "(?i)\\b(bearer|api-key|basic|token)(\\s*[:=]?\\s+)"
                    + "(?=[A-Za-z0-9._~+/=-]*[0-9])(?=[A-Za-z0-9._~+/=-]*[A-Za-z])[A-Za-z0-9._~+/=-]{8,}");
    /** Workspace personal access tokens ("dapi" and hex: Databricks PATs), masked whatever the service. */
    private static final Pattern WORKSPACE_PAT = Pattern.compile("\\bdapi[0-9a-fA-F]{16,}(-\\d+)?\\b");

    private ErrorText() {
    }

    static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    static String providerName(String provider) {
        String p = blankToNull(provider);
        return p == null ? DEFAULT_PROVIDER : p;
    }

    /** Replaces control characters and runs of whitespace with one space and strips the ends. */
    static String collapseWhitespace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00A0') {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Cuts {@code s} to at most {@code max} characters plus an ellipsis, never inside a surrogate pair. */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end).stripTrailing() + "...";
    }

    /** Masks values that look like credentials, in case a service or proxy echoes a header back. */
    static String redact(String s) {
        if (s == null) {
            return null;
        }
        String out = s;
        Matcher m = AUTH_VALUE.matcher(out);
        if (m.find()) {
            out = m.replaceAll("$1$2***");
        }
        m = WORKSPACE_PAT.matcher(out);
        if (m.find()) {
            out = m.replaceAll("dapi***");
        }
        return out;
    }
}
