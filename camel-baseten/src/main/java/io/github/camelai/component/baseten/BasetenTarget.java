package io.github.camelai.component.baseten;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import io.github.camelai.llm.http.UrlRules;

/**
 * Where a Baseten model is reached: either the shared Model APIs (an OpenAI-compatible base URL serving chat
 * only) or a dedicated deployment (a target root under which {@code predict}, {@code async_predict},
 * {@code sync/v1/...} and {@code sync/rerank} live).
 * <p>
 * Instances are immutable and thread-safe. Every URL they hand out is built from parts validated at creation,
 * so nothing taken from configuration or from a message header can add path segments, a query or another host.
 */
public final class BasetenTarget {

    /** Base URL of Baseten's Model APIs, used when no {@code baseUrl} is configured. */
    public static final String DEFAULT_MODEL_APIS_BASE_URL = "https://inference.baseten.co/v1";

    /** Environment used for a dedicated deployment when neither environment nor deployment id is given. */
    public static final String DEFAULT_ENVIRONMENT = "production";

    /** The environment that is the development deployment, served at {@code /development}. */
    public static final String DEVELOPMENT = "development";

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SYNC_PATH = Pattern.compile("[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*");
    // Request ids come from message headers; a bound keeps a hostile value from producing a huge URL.
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    private final boolean dedicated;
    /** Model APIs: the base URL; dedicated: the target root. Never ends with '/'. */
    private final String root;
    /** {@code scheme://host[:port]} of {@link #root}. */
    private final String origin;

    private BasetenTarget(boolean dedicated, String root, String origin) {
        this.dedicated = dedicated;
        this.root = root;
        this.origin = origin;
    }

    /**
     * A Model APIs target: chat completions at {@code {baseUrl}/chat/completions}.
     *
     * @param  baseUrl                  the OpenAI-compatible base URL; {@link #DEFAULT_MODEL_APIS_BASE_URL} when
     *                                  null or blank
     * @return                          the target
     * @throws IllegalArgumentException when the URL is not an http(s) URL without user info, query or fragment
     */
    public static BasetenTarget modelApis(String baseUrl) {
        String url = isBlank(baseUrl) ? DEFAULT_MODEL_APIS_BASE_URL : baseUrl.trim();
        URI uri = BasetenUrls.parseHttpUrl(url, "baseUrl", "an http(s) base URL such as " + DEFAULT_MODEL_APIS_BASE_URL);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!UrlRules.secureEnough(uri)) {
            throw new IllegalArgumentException("baseUrl must use https on " + host
                                               + " (the API key would travel in clear), e.g. "
                                               + DEFAULT_MODEL_APIS_BASE_URL);
        }
        String origin = BasetenUrls.origin(uri);
        return new BasetenTarget(false, origin + BasetenUrls.normalizePath(uri, "baseUrl"), origin);
    }

    /**
     * A dedicated deployment addressed by model id: root
     * {@code https://model-{modelId}.api.baseten.co/environments/{environment}} ({@code .../development} for the
     * development deployment), or {@code .../deployment/{deploymentId}} when a deployment id is given.
     *
     * @param  modelId                  the model id from the dashboard, letters and digits (e.g. {@code abcd1234})
     * @param  environment              the environment name; {@link #DEFAULT_ENVIRONMENT} when null or blank
     * @param  deploymentId             a specific deployment; wins over {@code environment} when not blank
     * @return                          the target
     * @throws IllegalArgumentException when a value is missing or has characters that cannot be part of the URL
     */
    public static BasetenTarget dedicated(String modelId, String environment, String deploymentId) {
        if (isBlank(modelId)) {
            throw new IllegalArgumentException("modelId is required for a dedicated Baseten deployment");
        }
        String id = modelId.trim();
        if (!MODEL_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "Invalid modelId '" + id + "': letters and digits only, e.g. abcd1234");
        }
        String target;
        if (!isBlank(deploymentId)) {
            target = "/deployment/" + checkName(deploymentId.trim(), "deploymentId");
        } else {
            String env = isBlank(environment) ? DEFAULT_ENVIRONMENT : environment.trim();
            // the development deployment is not an environment: Baseten serves it at /development
            target = DEVELOPMENT.equals(env) ? "/" + DEVELOPMENT : "/environments/" + checkName(env, "environment");
        }
        String origin = "https://model-" + id + ".api.baseten.co";
        return new BasetenTarget(true, origin + target, origin);
    }

    /**
     * A dedicated deployment addressed by a URL as copied from the Baseten dashboard or docs, or the URL of a
     * local stand-in server. Only the final operation ending ({@code /predict}, {@code /sync/v1} and anything under it,
     * ...: see {@code BasetenUrls}) is removed; what remains is the target root, and the operation decides the
     * path. On Baseten's own model hosts the
     * remaining path must be a documented target ({@code environments/{env}}, {@code production},
     * {@code development}, {@code deployment/{id}}), or empty on a regional host
     * ({@code model-{id}-{env}.api.baseten.co}).
     *
     * @param  modelUrl                 the URL
     * @return                          the target
     * @throws IllegalArgumentException when the URL is not one of the accepted forms; the message lists them
     */
    public static BasetenTarget fromModelUrl(String modelUrl) {
        if (isBlank(modelUrl)) {
            throw new IllegalArgumentException("modelUrl is required; " + BasetenUrls.ACCEPTED_MODEL_URLS);
        }
        URI uri = BasetenUrls.parseHttpUrl(modelUrl.trim(), "modelUrl", BasetenUrls.ACCEPTED_MODEL_URLS);
        String path = BasetenUrls.stripOperationSuffix(BasetenUrls.normalizePath(uri, "modelUrl"));
        String origin = BasetenUrls.origin(uri);
        if (!UrlRules.secureEnough(uri)) {
            throw new IllegalArgumentException(
                    "modelUrl must use https on " + uri.getHost().toLowerCase(Locale.ROOT)
                                               + " (the API key would travel in clear); got " + origin + path + "; "
                                               + BasetenUrls.ACCEPTED_MODEL_URLS);
        }
        BasetenUrls.checkBasetenHost(uri, path, origin);
        return new BasetenTarget(true, origin + path, origin);
    }

    /**
     * @return true for a dedicated deployment, false for Model APIs
     */
    public boolean isDedicated() {
        return dedicated;
    }

    /**
     * The URL chat completions are posted to: {@code {baseUrl}/chat/completions} on Model APIs,
     * {@code {root}/sync/v1/chat/completions} on a dedicated deployment.
     *
     * @return the URL
     */
    public String chatCompletionsUrl() {
        return dedicated ? syncV1Url("chat/completions") : root + "/chat/completions";
    }

    /**
     * The target root of a dedicated deployment, e.g.
     * {@code https://model-abcd1234.api.baseten.co/environments/production}.
     *
     * @return                       the root, without a trailing slash
     * @throws IllegalStateException on a Model APIs target
     */
    public String targetRoot() {
        requireDedicated("targetRoot");
        return root;
    }

    /**
     * An OpenAI-compatible route of a dedicated deployment: {@code {root}/sync/v1/{path}}.
     *
     * @param  path                     e.g. {@code chat/completions}, {@code completions}, {@code embeddings},
     *                                  {@code models}; a leading slash is ignored
     * @return                          the URL
     * @throws IllegalArgumentException when the path has characters other than letters, digits, '-', '_' and '/'
     * @throws IllegalStateException    on a Model APIs target
     */
    public String syncV1Url(String path) {
        requireDedicated("sync/v1/" + path);
        String p = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        if (!SYNC_PATH.matcher(p).matches()) {
            throw new IllegalArgumentException(
                    "Invalid sync/v1 path '" + path + "': segments of letters, digits, '-' or '_' separated by '/'");
        }
        return root + "/sync/v1/" + p;
    }

    /**
     * @return                       {@code {root}/sync/rerank}
     * @throws IllegalStateException on a Model APIs target
     */
    public String rerankUrl() {
        requireDedicated("rerank");
        return root + "/sync/rerank";
    }

    /**
     * The route of BEI classification deployments (not the truss {@code predict} route).
     *
     * @return                       {@code {root}/sync/predict}
     * @throws IllegalStateException on a Model APIs target
     */
    public String classifyUrl() {
        requireDedicated("classify");
        return root + "/sync/predict";
    }

    /**
     * @return                       {@code {root}/predict}
     * @throws IllegalStateException on a Model APIs target
     */
    public String predictUrl() {
        requireDedicated("predict");
        return root + "/predict";
    }

    /**
     * @return                       {@code {root}/async_predict}
     * @throws IllegalStateException on a Model APIs target
     */
    public String asyncPredictUrl() {
        requireDedicated("async-predict");
        return root + "/async_predict";
    }

    /**
     * @return                       {@code {root}/async_queue_status}
     * @throws IllegalStateException on a Model APIs target
     */
    public String asyncQueueStatusUrl() {
        requireDedicated("async-queue-status");
        return root + "/async_queue_status";
    }

    /**
     * The status (GET) and cancel (DELETE) URL of one async request. Baseten serves it at the host, outside any
     * target: {@code {scheme}://{host[:port]}/async_request/{requestId}}.
     *
     * @param  requestId                the id returned by {@code async_predict}; may come from an untrusted header
     * @return                          the URL
     * @throws IllegalArgumentException when the id is blank, too long or has characters other than letters,
     *                                  digits, '-' and '_'
     * @throws IllegalStateException    on a Model APIs target
     */
    public String asyncRequestUrl(String requestId) {
        requireDedicated("async-status/async-cancel");
        if (isBlank(requestId)) {
            throw new IllegalArgumentException("Async requestId is required");
        }
        // The value is not echoed: it may be attacker-controlled and end up in logs.
        if (requestId.length() > MAX_REQUEST_ID_LENGTH || !NAME.matcher(requestId).matches()) {
            throw new IllegalArgumentException("Invalid async requestId (" + requestId.length()
                                               + " characters): expected up to " + MAX_REQUEST_ID_LENGTH
                                               + " letters, digits, '-' or '_'");
        }
        return origin + "/async_request/" + requestId;
    }

    /**
     * @return the root URL: the base URL for Model APIs, the target root for a dedicated deployment
     */
    @Override
    public String toString() {
        return root;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BasetenTarget)) {
            return false;
        }
        BasetenTarget other = (BasetenTarget) o;
        return dedicated == other.dedicated && root.equals(other.root) && origin.equals(other.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dedicated, root, origin);
    }

    private void requireDedicated(String operation) {
        if (!dedicated) {
            throw new IllegalStateException(
                    "Operation " + operation + " needs a dedicated deployment: set modelId or modelUrl "
                                            + "(Model APIs at " + root + " serve chat completions only)");
        }
    }

    private static String checkName(String value, String option) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "Invalid " + option + " '" + value + "': letters, digits, '-' or '_' only");
        }
        return value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
