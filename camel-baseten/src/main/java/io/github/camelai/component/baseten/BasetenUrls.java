package io.github.camelai.component.baseten;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.camelai.llm.http.UrlRules;

/**
 * How a URL a user configures (baseUrl, or a modelUrl copied from Baseten's dashboard or docs) is read: what every
 * accepted URL must have, how its path is normalised, and which paths Baseten's own hosts serve. {@link BasetenTarget}
 * builds the request URLs from what this class accepts.
 */
final class BasetenUrls {

    // Model ids have no '-', so anything after "model-{id}-" is a regional environment.
    private static final Pattern MODEL_HOST
            = Pattern.compile("model-([a-z0-9]+)(?:-([a-z0-9][a-z0-9_-]*))?\\.api\\.baseten\\.co");
    private static final Pattern PATH_TARGET
            = Pattern.compile("/(?:production|development|environments/[A-Za-z0-9_-]+|deployment/[A-Za-z0-9_-]+)");

    /**
     * The OpenAI-compatible routes of an engine live under {@code sync/v1} ({@code chat/completions},
     * {@code completions}, {@code embeddings}, {@code models}, and whatever the engine adds): a copied URL may end
     * anywhere in that tree. Greedy, so the last {@code /sync/v1} of the path is the one removed.
     */
    private static final Pattern SYNC_V1_ENDING = Pattern.compile("(.*)/sync/v1(?:/.*)?");

    /**
     * The other endings a URL copied from Baseten's dashboard or docs may have after its target, longest first (an
     * ending that is the tail of another comes after it). The operation, not the URL, decides where a request goes.
     */
    private static final String[] OPERATION_SUFFIXES = {
            "/sync/rerank", "/sync/predict", "/sync", "/async_predict", "/predict" };

    static final String ACCEPTED_MODEL_URLS
            = "accepted forms: https://model-{modelId}.api.baseten.co/{target}/{ending} where {target} is "
              + "environments/{env}, production, development or deployment/{deploymentId} and {ending} is predict, "
              + "async_predict, sync, sync/v1 or any path under it (sync/v1/chat/completions, sync/v1/completions, "
              + "sync/v1/embeddings, sync/v1/models, ...), sync/rerank or sync/predict (or nothing: the target itself); "
              + "a regional "
              + "https://model-{modelId}-{env}.api.baseten.co with one of those endings; or the https URL of another "
              + "server, plain http only on the local machine (its path minus one of those endings is the target root)";

    private BasetenUrls() {
    }

    /**
     * Parses and checks the parts every URL we accept must have. Rejection messages never echo the input whole:
     * user info and query strings are where people put credentials.
     */
    static URI parseHttpUrl(String url, String option, String accepted) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    option + " is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + "); " + accepted,
                    e);
        }
        if (UrlRules.httpScheme(uri) == null) {
            throw new IllegalArgumentException(
                    option + " must be an http or https URL, got scheme '" + uri.getScheme() + "'; " + accepted);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    option + " must not contain user info (user:password@); pass the API key with apiKey; "
                                               + accepted);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(option + " has no valid host name; " + accepted);
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException(option + " must not have a query string (?...); " + accepted);
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(option + " must not have a fragment (#...); " + accepted);
        }
        return uri;
    }

    static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    /**
     * Collapses repeated slashes (Baseten answers 301 to them, which clients turn into lost POSTs), drops trailing
     * slashes and refuses dot segments (clients resolve them differently, so the URL sent would not be the one
     * configured).
     */
    static String normalizePath(URI uri, String option) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/{2,}", "/");
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")
                    || segment.equalsIgnoreCase("%2e") || segment.equalsIgnoreCase("%2e%2e")) {
                throw new IllegalArgumentException(option + " must not contain '.' or '..' path segments");
            }
        }
        return path;
    }

    /**
     * Removes the one operation ending a copied URL has; an earlier '/predict' is part of the root. Everything from
     * the last {@code /sync/v1} segment on is one ending, so {@code .../sync/v1/predict} loses it all.
     */
    static String stripOperationSuffix(String path) {
        Matcher syncV1 = SYNC_V1_ENDING.matcher(path);
        if (syncV1.matches()) {
            return syncV1.group(1);
        }
        for (String suffix : OPERATION_SUFFIXES) {
            if (path.endsWith(suffix)) {
                return path.substring(0, path.length() - suffix.length());
            }
        }
        return path;
    }

    /**
     * On Baseten's own hosts a wrong path is a 404 at call time; catching it here names the problem at endpoint
     * creation instead. Other hosts (local stand-ins, proxies) are taken as given.
     */
    static void checkBasetenHost(URI uri, String path, String origin) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals("baseten.co") && !host.endsWith(".baseten.co")) {
            return;
        }
        String shown = origin + path;
        if (host.equals("inference.baseten.co")) {
            throw new IllegalArgumentException(
                    "modelUrl " + shown + " is the Model APIs endpoint, not a dedicated deployment: set model "
                                               + "(and baseUrl if needed) instead of modelUrl; " + ACCEPTED_MODEL_URLS);
        }
        Matcher m = MODEL_HOST.matcher(host);
        if (!m.matches()) {
            if (host.equals("baseten.co") || host.equals("www.baseten.co") || host.equals("app.baseten.co")) {
                throw new IllegalArgumentException(
                        "modelUrl " + shown + " is a Baseten web page, not a model URL; copy the model's "
                                                   + "predict URL from the dashboard or set modelId; "
                                                   + ACCEPTED_MODEL_URLS);
            }
            return;
        }
        boolean regional = m.group(2) != null;
        if (regional && !path.isEmpty()) {
            throw new IllegalArgumentException(
                    "modelUrl " + shown + ": a regional host (model-{modelId}-{env}.api.baseten.co) takes no "
                                               + "target in the path, use " + origin + "/predict; "
                                               + ACCEPTED_MODEL_URLS);
        }
        if (!regional && !PATH_TARGET.matcher(path).matches()) {
            throw new IllegalArgumentException(
                    "modelUrl " + shown + " does not name a deployment target; " + ACCEPTED_MODEL_URLS);
        }
    }
}
