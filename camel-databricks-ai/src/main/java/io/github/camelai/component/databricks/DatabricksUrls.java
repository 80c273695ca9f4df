package io.github.camelai.component.databricks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.camelai.llm.http.UrlRules;
import io.github.camelai.llm.support.ShortText;

/**
 * The workspace URL and the URLs built on it. The host is validated once: http(s) only, no path, query, fragment
 * or user info, and https unless it is the local machine (tests, emulators), as {@link UrlRules} decides. Endpoint and served-model names
 * become path segments, and a model name may come from a message header, so they are checked to be plain names.
 */
final class DatabricksUrls {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final String host;

    private DatabricksUrls(String host) {
        this.host = host;
    }

    /**
     * @param value  the host option or the DATABRICKS_HOST variable; a bare host name gets {@code https://}
     * @param source where the value came from, for the error message
     */
    static DatabricksUrls of(String value, String source) {
        String v = value.trim();
        if (!v.contains("://")) {
            v = "https://" + v;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            // the reason and position only: the text itself may hold user info (a password) and must not be echoed
            throw new IllegalArgumentException(source + " is not a valid URL: " + e.getReason() + " at index "
                                               + e.getIndex());
        }
        String scheme = UrlRules.httpScheme(uri);
        if (scheme == null) {
            throw new IllegalArgumentException(source + " must be an https URL such as https://adb-1234567890123456.7.azuredatabricks.net, "
                                               + "not " + (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) + ":");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(source + " has no host name: " + safe(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(source + " must not contain user info (credentials go in the token or "
                                               + "clientId/clientSecret options)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(source + " must not have a query or fragment: " + safe(uri));
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException(source + " must be the workspace URL without a path (got path " + path
                                               + "); the component adds /serving-endpoints/...");
        }
        if (!UrlRules.secureEnough(uri)) {
            throw new IllegalArgumentException(source + " must use https (plain http is only allowed for localhost): "
                                               + safe(uri));
        }
        return new DatabricksUrls(scheme + "://" + uri.getRawAuthority());
    }

    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
               + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** A serving endpoint or served model name, checked to be one plain path segment. */
    static String checkName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("No " + what + " given");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("The " + what + " '" + ShortText.abbreviate(name, 60) + "' is not a valid name: use letters, "
                                               + "digits, '-', '_' and '.', starting with a letter or digit");
        }
        return name;
    }

    /** The workspace URL, e.g. {@code https://adb-1.2.azuredatabricks.net}. */
    String host() {
        return host;
    }

    /** {@code {host}/serving-endpoints/{endpoint}/invocations} or the served model's invocations URL. */
    String invocations(String endpoint, String servedModel) {
        // an endpoint nearly always calls one model: its URL is checked and built once, not per exchange
        Invocations last = lastInvocations;
        if (last != null && last.endpoint().equals(endpoint) && Objects.equals(last.servedModel(), servedModel)) {
            return last.url();
        }
        String url = buildInvocations(endpoint, servedModel);
        lastInvocations = new Invocations(endpoint, servedModel, url);
        return url;
    }

    private record Invocations(String endpoint, String servedModel, String url) {
    }

    private volatile Invocations lastInvocations;

    private String buildInvocations(String endpoint, String servedModel) {
        String base = host + "/serving-endpoints/" + checkName("serving endpoint name (model)", endpoint);
        if (servedModel != null && !servedModel.isBlank()) {
            return base + "/served-models/" + checkName("served model name (servedModel)", servedModel) + "/invocations";
        }
        return base + "/invocations";
    }

    /** {@code {host}/serving-endpoints/responses}. */
    String responses() {
        return host + "/serving-endpoints/responses";
    }

    /** {@code {host}/oidc/v1/token}. */
    String oauthToken() {
        return host + "/oidc/v1/token";
    }

    @Override
    public String toString() {
        return host;
    }
}
