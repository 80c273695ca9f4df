package io.github.camelai.llm.http;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for URLs the components call or hand out: http(s) only; plain http only for the local machine,
 * because anything else would carry an API key, a token or a model's output in clear. "Local" is decided from
 * the name alone (no DNS lookup, which could be steered): {@code localhost}, an IPv4 loopback literal
 * ({@code 127.0.0.0/8}) or {@code [::1]}. Each component keeps its own error messages around these answers.
 */
public final class UrlRules {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private UrlRules() {
    }

    /** {@code "http"} or {@code "https"} in lower case, or {@code null} for any other scheme or none. */
    public static String httpScheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? scheme : null;
    }

    /** Whether {@code host} (as {@link URI#getHost()} gives it) names this machine. */
    public static boolean isLocal(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || IPV4_LOOPBACK.matcher(h).matches();
    }

    /** Whether the URL may carry secrets: https, or plain http to the local machine. */
    public static boolean secureEnough(URI uri) {
        String scheme = httpScheme(uri);
        return "https".equals(scheme) || ("http".equals(scheme) && isLocal(uri.getHost()));
    }
}
