package io.github.camelai.component.baseten;

import io.github.camelai.llm.support.LlmConfiguration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a {@code baseten} endpoint: the shared LLM options of {@link LlmConfiguration} plus Baseten's
 * routing (Model APIs or a dedicated deployment), credentials, rerank and classify, attachments, async and webhook
 * options.
 */
@UriParams
public class BasetenConfiguration extends LlmConfiguration {

    /**
     * The Baseten API key; when not set (or blank) on the endpoint, the component's is used, then the
     * {@code BASETEN_API_KEY} environment variable.
     */
    @UriParam(label = "security", secret = true, description = "The Baseten API key, sent in the Authorization header as Api-Key followed by the key. When not set (or blank) on the endpoint, the component's apiKey is used, then the BASETEN_API_KEY environment variable.")
    private String apiKey;

    /**
     * Model APIs: the model slug, e.g. openai/gpt-oss-120b; required for chat and completion there. A dedicated
     * deployment: the served model name sent in the request (else a placeholder), for engines that check it.
     */
    @UriParam(label = "common", description = "Model APIs: the model slug, e.g. openai/gpt-oss-120b or deepseek-ai/DeepSeek-V3.1; required for chat and completion without modelId or modelUrl (the endpoint refuses to start without it). A dedicated deployment: the model field of chat, completion and embedding requests, for engines that check the served name; when not set, the placeholder not-required, which engines serving one model ignore.")
    private String model;

    /** Model APIs: the OpenAI-compatible base URL. */
    @UriParam(label = "common", defaultValue = "https://inference.baseten.co/v1", description = "Model APIs: the OpenAI-compatible base URL chat and completion go to ({baseUrl}/chat/completions) when neither modelId nor modelUrl is set.")
    private String baseUrl = BasetenTarget.DEFAULT_MODEL_APIS_BASE_URL;

    /** Dedicated deployment: the model id. */
    @UriParam(label = "common", description = "Dedicated deployment: the model id from the Baseten dashboard (e.g. abcd1234); requests go to https://model-{modelId}.api.baseten.co/environments/{environment}/... Needed by embedding, rerank, classify, predict and async-*.")
    private String modelId;

    /** Dedicated deployment: the environment of modelId. */
    @UriParam(label = "common", defaultValue = "production", description = "Dedicated deployment: the environment of modelId (production, staging, ...); development addresses the development deployment (/development/...). Ignored when deploymentId is set.")
    private String environment = BasetenTarget.DEFAULT_ENVIRONMENT;

    /** Dedicated deployment: a specific deployment id. */
    @UriParam(label = "common", description = "Dedicated deployment: a specific deployment of modelId (.../deployment/{deploymentId}/...); wins over environment.")
    private String deploymentId;

    /** Dedicated deployment: a model URL; wins over modelId. */
    @UriParam(label = "common", description = "Dedicated deployment: a model URL as copied from Baseten's dashboard or docs (e.g. https://model-abcd1234.api.baseten.co/environments/production/predict; also ending in /async_predict, /sync, /sync/v1, /sync/v1/chat/completions, /sync/v1/completions, /sync/v1/embeddings, /sync/rerank or /sync/predict, under /environments/{env}, /production, /development or /deployment/{id}, or a regional https://model-abcd1234-env.api.baseten.co/predict); it is reduced to the deployment root and the operation decides the path. Wins over modelId. Any other https URL, or plain http on the local machine (a stand-in server), is taken as given minus such an ending.")
    private String modelUrl;

    /** Sent as the {@code x-session-affinity} header. */
    @UriParam(label = "producer", description = "Sent as the x-session-affinity HTTP header: requests with the same value go to the same replica (better prefix-cache hits).")
    private String sessionAffinity;

    /** rerank: the query. */
    @UriParam(label = "rerank", description = "rerank: the query the texts in the body are ranked against (header CamelBasetenQuery overrides it).")
    private String query;

    /** rerank: return the texts with their scores. */
    @UriParam(label = "rerank", description = "rerank: ask the service to return each text with its score (return_text).")
    private Boolean returnText;

    /** rerank and classify: raw scores. */
    @UriParam(label = "rerank,classify", description = "rerank and classify: return raw scores instead of normalized ones (raw_scores).")
    private Boolean rawScores;

    /** rerank and classify: truncate long texts. */
    @UriParam(label = "rerank,classify", description = "rerank and classify: let the service truncate texts longer than the model accepts (truncate) instead of refusing them.")
    private Boolean truncate;

    /** rerank and classify: which end truncate cuts. */
    @UriParam(label = "rerank,classify", enums = "Left,Right", description = "rerank and classify: which end of a long text truncate cuts (truncation_direction): Right (the service's default) keeps the start, Left keeps the end.")
    private TruncationDirection truncationDirection;

    /** chat with an attachment body: the text sent with it. */
    @UriParam(label = "producer", description = "chat with an image or audio body (a byte array, File or InputStream): the text sent along with the attachment in the same user message.")
    private String prompt;

    /** chat: the body is an image of this MIME type. */
    @UriParam(label = "producer", description = "chat: the body (a byte array, File or InputStream) is an image of this MIME type (image/png, image/jpeg, ...), sent as an image_url part holding a data: URL, with prompt as the text part.")
    private String imageMimeType;

    /** chat: the body is audio in this format. */
    @UriParam(label = "producer", description = "chat: the body (a byte array, File or InputStream) is audio in this format (wav, mp3, ...), sent as an input_audio part, with prompt as the text part.")
    private String audioFormat;

    /** async-predict: the webhook URL. */
    @UriParam(label = "async", description = "async-predict: the https URL Baseten posts the result to (webhook_endpoint); plain http only for localhost, no double slash in the path. An option only, never a header: a header could send the model output elsewhere. Without it the output is not delivered anywhere (async-status never carries it).")
    private String webhookEndpoint;

    /** async-predict: queue priority. */
    @UriParam(label = "async", description = "async-predict: queue priority 0, 1 or 2; lower runs first (service default 0).")
    private Integer priority;

    /** async-predict: the longest wait in the queue, seconds. */
    @UriParam(label = "async", description = "async-predict: how long a request may wait in the queue, 10 to 259200 seconds (service default 600).")
    private Integer maxTimeInQueueSeconds;

    /** async-predict: inference attempts. */
    @UriParam(label = "async", description = "async-predict: how often Baseten tries the inference, 1 to 10 (inference_retry_config.max_attempts, service default 3).")
    private Integer inferenceRetryMaxAttempts;

    /** async-predict: first retry delay, ms. */
    @UriParam(label = "async", description = "async-predict: the first delay between inference attempts in milliseconds, 0 to 10000 (inference_retry_config.initial_delay_ms, service default 1000).")
    private Integer inferenceRetryInitialDelayMs;

    /** async-predict: longest retry delay, ms. */
    @UriParam(label = "async", description = "async-predict: the longest delay between inference attempts in milliseconds, 0 to 60000 (inference_retry_config.max_delay_ms, service default 5000).")
    private Integer inferenceRetryMaxDelayMs;

    /** webhook: the path served. */
    @UriParam(label = "consumer", description = "webhook: the HTTP path the consumer serves through platform-http, e.g. /baseten/results.")
    private String path;

    /** webhook: the signing secret(s), comma separated. */
    @UriParam(label = "security", secret = true, description = "webhook: the Baseten webhook secret (whsec_...) deliveries are signed with; several secrets separated by commas during a rotation. Deliveries without a valid X-BASETEN-SIGNATURE are answered 401.")
    private String webhookSecret;

    /** webhook: accepted clock difference of a delivery's time, ms. */
    @UriParam(label = "consumer", defaultValue = "300000", javaType = "java.time.Duration", description = "webhook: deliveries whose time field is further than this from the clock (either way) are answered 401, in milliseconds or a duration such as 5m (default 300 s). 0 turns the check off.")
    private long timestampTolerance = 300_000L;

    /** webhook: largest accepted body, bytes. */
    @UriParam(label = "consumer", defaultValue = "10485760", description = "webhook: the largest delivery body accepted, in bytes; larger ones are answered 413 (Content-Length is checked first, then the bytes read).")
    private long maxPayloadSize = 10L * 1024 * 1024;

    /** webhook: the repository of seen request ids. */
    @UriParam(label = "consumer", description = "webhook: where processed request ids are remembered so a repeated delivery is answered 200 without running the route; an in-memory repository (100,000 ids) by default. Use a shared one (JDBC, Redis, Infinispan, ...) when several instances serve the webhook. An id is added when the route starts, confirmed when it completes and removed when it fails, so Baseten's redelivery of a failed one is processed.")
    private IdempotentRepository idempotentRepository;

    /** webhook: accept unsigned deliveries when no secret is set. */
    @UriParam(label = "consumer,security", defaultValue = "false", description = "webhook: accept deliveries without a signature when no webhookSecret is set. For local testing only: anyone who can reach the path could then inject results into the route.")
    private boolean allowUnsigned;

    @Override
    public BasetenConfiguration copy() {
        return (BasetenConfiguration) super.copy();
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String getModel() {
        return model;
    }

    @Override
    public void setModel(String model) {
        this.model = model;
    }

    public String getModelId() {
        return modelId;
    }

    public void setModelId(String modelId) {
        this.modelId = modelId;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getDeploymentId() {
        return deploymentId;
    }

    public void setDeploymentId(String deploymentId) {
        this.deploymentId = deploymentId;
    }

    public String getModelUrl() {
        return modelUrl;
    }

    public void setModelUrl(String modelUrl) {
        this.modelUrl = modelUrl;
    }

    public String getSessionAffinity() {
        return sessionAffinity;
    }

    public void setSessionAffinity(String sessionAffinity) {
        this.sessionAffinity = sessionAffinity;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public Boolean getReturnText() {
        return returnText;
    }

    public void setReturnText(Boolean returnText) {
        this.returnText = returnText;
    }

    public Boolean getRawScores() {
        return rawScores;
    }

    public void setRawScores(Boolean rawScores) {
        this.rawScores = rawScores;
    }

    public Boolean getTruncate() {
        return truncate;
    }

    public void setTruncate(Boolean truncate) {
        this.truncate = truncate;
    }

    public TruncationDirection getTruncationDirection() {
        return truncationDirection;
    }

    public void setTruncationDirection(TruncationDirection truncationDirection) {
        this.truncationDirection = truncationDirection;
    }

    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public String getImageMimeType() {
        return imageMimeType;
    }

    public void setImageMimeType(String imageMimeType) {
        this.imageMimeType = imageMimeType;
    }

    public String getAudioFormat() {
        return audioFormat;
    }

    public void setAudioFormat(String audioFormat) {
        this.audioFormat = audioFormat;
    }

    public String getWebhookEndpoint() {
        return webhookEndpoint;
    }

    public void setWebhookEndpoint(String webhookEndpoint) {
        this.webhookEndpoint = webhookEndpoint;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public Integer getMaxTimeInQueueSeconds() {
        return maxTimeInQueueSeconds;
    }

    public void setMaxTimeInQueueSeconds(Integer maxTimeInQueueSeconds) {
        this.maxTimeInQueueSeconds = maxTimeInQueueSeconds;
    }

    public Integer getInferenceRetryMaxAttempts() {
        return inferenceRetryMaxAttempts;
    }

    public void setInferenceRetryMaxAttempts(Integer inferenceRetryMaxAttempts) {
        this.inferenceRetryMaxAttempts = inferenceRetryMaxAttempts;
    }

    public Integer getInferenceRetryInitialDelayMs() {
        return inferenceRetryInitialDelayMs;
    }

    public void setInferenceRetryInitialDelayMs(Integer inferenceRetryInitialDelayMs) {
        this.inferenceRetryInitialDelayMs = inferenceRetryInitialDelayMs;
    }

    public Integer getInferenceRetryMaxDelayMs() {
        return inferenceRetryMaxDelayMs;
    }

    public void setInferenceRetryMaxDelayMs(Integer inferenceRetryMaxDelayMs) {
        this.inferenceRetryMaxDelayMs = inferenceRetryMaxDelayMs;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public long getTimestampTolerance() {
        return timestampTolerance;
    }

    public void setTimestampTolerance(long timestampTolerance) {
        this.timestampTolerance = timestampTolerance;
    }

    public long getMaxPayloadSize() {
        return maxPayloadSize;
    }

    public void setMaxPayloadSize(long maxPayloadSize) {
        this.maxPayloadSize = maxPayloadSize;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public boolean isAllowUnsigned() {
        return allowUnsigned;
    }

    public void setAllowUnsigned(boolean allowUnsigned) {
        this.allowUnsigned = allowUnsigned;
    }
}
