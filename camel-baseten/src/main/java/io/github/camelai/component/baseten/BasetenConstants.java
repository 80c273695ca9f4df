package io.github.camelai.component.baseten;

import org.apache.camel.spi.Metadata;

/**
 * Every header the {@code baseten} component reads or sets. Headers that override an option apply to one exchange
 * only; they can change the model and generation parameters, never a URL, host or credential.
 */
public final class BasetenConstants {

    /** The header prefix of this component. */
    public static final String PREFIX = "CamelBaseten";

    // ---- per-exchange overrides of the shared options ----

    /** Overrides option model. */
    @Metadata(label = "producer", description = "Overrides the model option for this exchange (Model APIs slug or served model name).", javaType = "String")
    public static final String MODEL = "CamelBasetenModel";
    /** Overrides option systemMessage. */
    @Metadata(label = "producer", description = "Overrides the systemMessage option for this exchange.", javaType = "String")
    public static final String SYSTEM_MESSAGE = "CamelBasetenSystemMessage";
    /** Overrides option temperature. */
    @Metadata(label = "producer", description = "Overrides the temperature option for this exchange.", javaType = "Double")
    public static final String TEMPERATURE = "CamelBasetenTemperature";
    /** Overrides option topP. */
    @Metadata(label = "producer", description = "Overrides the topP option for this exchange.", javaType = "Double")
    public static final String TOP_P = "CamelBasetenTopP";
    /** Overrides option topK. */
    @Metadata(label = "producer", description = "Overrides the topK option for this exchange.", javaType = "Integer")
    public static final String TOP_K = "CamelBasetenTopK";
    /** Overrides option maxTokens. */
    @Metadata(label = "producer", description = "Overrides the maxTokens option for this exchange.", javaType = "Integer")
    public static final String MAX_TOKENS = "CamelBasetenMaxTokens";
    /** Overrides option stop. */
    @Metadata(label = "producer", description = "Stop sequences: a List of String or comma-separated text, overriding the stop option.", javaType = "Object")
    public static final String STOP = "CamelBasetenStop";
    /** Overrides option n. */
    @Metadata(label = "producer", description = "Overrides the n option for this exchange.", javaType = "Integer")
    public static final String N = "CamelBasetenN";
    /** Overrides option seed. */
    @Metadata(label = "producer", description = "Overrides the seed option for this exchange.", javaType = "Long")
    public static final String SEED = "CamelBasetenSeed";
    /** Overrides option tools. */
    @Metadata(label = "producer", description = "Overrides the tools option for this exchange: JSON text or a List of ToolDefinition (never a resource).", javaType = "Object")
    public static final String TOOLS = "CamelBasetenTools";
    /** Overrides option toolChoice. */
    @Metadata(label = "producer", description = "Overrides the toolChoice option for this exchange: none, auto, required, a function name or a JSON object.", javaType = "String")
    public static final String TOOL_CHOICE = "CamelBasetenToolChoice";
    /** Overrides option responseFormat. */
    @Metadata(label = "producer", description = "Overrides the responseFormat option for this exchange: text, json_object or json_schema.", javaType = "String")
    public static final String RESPONSE_FORMAT = "CamelBasetenResponseFormat";
    /** Overrides option jsonSchema. */
    @Metadata(label = "producer", description = "Overrides the jsonSchema option for this exchange (JSON text only, never a resource).", javaType = "String")
    public static final String JSON_SCHEMA = "CamelBasetenJsonSchema";
    /** Overrides option reasoningEffort. */
    @Metadata(label = "producer", description = "Overrides the reasoningEffort option for this exchange.", javaType = "String")
    public static final String REASONING_EFFORT = "CamelBasetenReasoningEffort";
    /** Overrides option logprobs. */
    @Metadata(label = "producer", description = "Overrides the logprobs option for this exchange.", javaType = "Boolean")
    public static final String LOGPROBS = "CamelBasetenLogprobs";
    /** Overrides option topLogprobs. */
    @Metadata(label = "producer", description = "Overrides the topLogprobs option for this exchange.", javaType = "Integer")
    public static final String TOP_LOGPROBS = "CamelBasetenTopLogprobs";
    /** Overrides option streaming. */
    @Metadata(label = "producer", description = "Overrides the streaming option for this exchange.", javaType = "Boolean")
    public static final String STREAMING = "CamelBasetenStreaming";
    /** Overrides option streamOutput. */
    @Metadata(label = "producer", description = "Overrides the streamOutput option for this exchange: iterator, aggregate or sse.", javaType = "String")
    public static final String STREAM_OUTPUT = "CamelBasetenStreamOutput";
    /** Overrides option fullResponse. */
    @Metadata(label = "producer", description = "Overrides the fullResponse option for this exchange.", javaType = "Boolean")
    public static final String FULL_RESPONSE = "CamelBasetenFullResponse";

    // ---- per-exchange overrides of Baseten options ----

    /** Overrides option query (rerank). */
    @Metadata(label = "producer", description = "rerank: the query the texts are ranked against; overrides the query option.", javaType = "String")
    public static final String QUERY = "CamelBasetenQuery";
    /** Overrides option sessionAffinity. */
    @Metadata(label = "producer", description = "Sent as the x-session-affinity HTTP header to pin related requests to one replica; overrides the sessionAffinity option.", javaType = "String")
    public static final String SESSION_AFFINITY = "CamelBasetenSessionAffinity";
    /** Overrides option prompt. */
    @Metadata(label = "producer", description = "chat with an image or audio body: the text sent with the attachment; overrides the prompt option.", javaType = "String")
    public static final String PROMPT = "CamelBasetenPrompt";
    /** Overrides option imageMimeType. */
    @Metadata(label = "producer", description = "chat: the body (a byte array, File or InputStream) is an image of this MIME type (e.g. image/png), sent as an image_url data: URL part; overrides the imageMimeType option.", javaType = "String")
    public static final String IMAGE_MIME_TYPE = "CamelBasetenImageMimeType";
    /** Overrides option audioFormat. */
    @Metadata(label = "producer", description = "chat: the body (a byte array, File or InputStream) is audio of this format (wav, mp3), sent as an input_audio part; overrides the audioFormat option.", javaType = "String")
    public static final String AUDIO_FORMAT = "CamelBasetenAudioFormat";
    /** Overrides option priority (async-predict). */
    @Metadata(label = "producer", description = "async-predict: the queue priority 0, 1 or 2 (lower runs first); overrides the priority option.", javaType = "Integer")
    public static final String PRIORITY = "CamelBasetenPriority";
    /** Overrides option maxTimeInQueueSeconds (async-predict). */
    @Metadata(label = "producer", description = "async-predict: how long the request may wait in the queue, in seconds (10 to 259200); overrides the maxTimeInQueueSeconds option.", javaType = "Integer")
    public static final String MAX_TIME_IN_QUEUE_SECONDS = "CamelBasetenMaxTimeInQueueSeconds";
    /** Overrides option inferenceRetryMaxAttempts (async-predict). */
    @Metadata(label = "producer", description = "async-predict: how often Baseten tries the inference, 1 to 10 (inference_retry_config.max_attempts); overrides the inferenceRetryMaxAttempts option.", javaType = "Integer")
    public static final String INFERENCE_RETRY_MAX_ATTEMPTS = "CamelBasetenInferenceRetryMaxAttempts";
    /** Overrides option inferenceRetryInitialDelayMs (async-predict). */
    @Metadata(label = "producer", description = "async-predict: the first delay between inference attempts, 0 to 10000 ms (inference_retry_config.initial_delay_ms); overrides the inferenceRetryInitialDelayMs option.", javaType = "Integer")
    public static final String INFERENCE_RETRY_INITIAL_DELAY_MS = "CamelBasetenInferenceRetryInitialDelayMs";
    /** Overrides option inferenceRetryMaxDelayMs (async-predict). */
    @Metadata(label = "producer", description = "async-predict: the longest delay between inference attempts, 0 to 60000 ms (inference_retry_config.max_delay_ms); overrides the inferenceRetryMaxDelayMs option.", javaType = "Integer")
    public static final String INFERENCE_RETRY_MAX_DELAY_MS = "CamelBasetenInferenceRetryMaxDelayMs";

    // ---- set on the way out ----

    /** The response id. */
    @Metadata(label = "producer", description = "The id of the response.", javaType = "String")
    public static final String RESPONSE_ID = "CamelBasetenResponseId";
    /** The model that answered. */
    @Metadata(label = "producer", description = "The model that answered, as the service reports it.", javaType = "String")
    public static final String RESPONSE_MODEL = "CamelBasetenResponseModel";
    /** The finish reason. */
    @Metadata(label = "producer", description = "Why generation stopped: stop, length, tool_calls, ...", javaType = "String")
    public static final String FINISH_REASON = "CamelBasetenFinishReason";
    /** Prompt tokens. */
    @Metadata(label = "producer", description = "Tokens in the prompt.", javaType = "Integer")
    public static final String PROMPT_TOKENS = "CamelBasetenPromptTokens";
    /** Completion tokens. */
    @Metadata(label = "producer", description = "Tokens generated.", javaType = "Integer")
    public static final String COMPLETION_TOKENS = "CamelBasetenCompletionTokens";
    /** Total tokens. */
    @Metadata(label = "producer", description = "Prompt plus generated tokens.", javaType = "Integer")
    public static final String TOTAL_TOKENS = "CamelBasetenTotalTokens";
    /** Reasoning tokens. */
    @Metadata(label = "producer", description = "Reasoning tokens, when the service reports them.", javaType = "Integer")
    public static final String REASONING_TOKENS = "CamelBasetenReasoningTokens";
    /** Tool calls. */
    @Metadata(label = "producer", description = "The tool calls the model asked for, as a List of io.github.camelai.llm.model.ToolCall.", javaType = "java.util.List<io.github.camelai.llm.model.ToolCall>")
    public static final String TOOL_CALLS = "CamelBasetenToolCalls";
    /** Reasoning text. */
    @Metadata(label = "producer", description = "The model's reasoning (reasoning_content or reasoning), kept apart from the answer.", javaType = "String")
    public static final String REASONING = "CamelBasetenReasoning";
    /** Time to first token. */
    @Metadata(label = "producer", description = "streamOutput=aggregate: milliseconds from sending the request to the first generated text.", javaType = "Long")
    public static final String TIME_TO_FIRST_TOKEN = "CamelBasetenTimeToFirstToken";
    /** Rounds of tool calls run by the tool loop. */
    @Metadata(label = "producer", description = "Chat with toolTags and autoToolExecution: the rounds of tool calls run before the final answer (0 when the model answered at once). The token headers then count all rounds.", javaType = "Integer")
    public static final String TOOL_ITERATIONS = "CamelBasetenToolIterations";

    // ---- async and webhook ----

    /** The async request id. */
    @Metadata(description = "async-predict: the id of the submitted request (also the body). async-status, async-cancel: the request id when the body is empty. webhook: the id of the delivered request.", javaType = "String")
    public static final String ASYNC_REQUEST_ID = "CamelBasetenAsyncRequestId";
    /** The async status. */
    @Metadata(label = "producer", description = "async-status: the request's status (QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, EXPIRED, CANCELED, WEBHOOK_FAILED).", javaType = "String")
    public static final String ASYNC_STATUS = "CamelBasetenAsyncStatus";
    /** The model id. */
    @Metadata(description = "webhook and async-status: the model id the request ran on.", javaType = "String")
    public static final String MODEL_ID = "CamelBasetenModelId";
    /** The deployment id. */
    @Metadata(description = "webhook and async-status: the deployment id the request ran on.", javaType = "String")
    public static final String DEPLOYMENT_ID = "CamelBasetenDeploymentId";
    /** The webhook time. */
    @Metadata(label = "consumer", description = "webhook: the delivery's time field (ISO-8601), checked against timestampTolerance.", javaType = "String")
    public static final String WEBHOOK_TIME = "CamelBasetenWebhookTime";
    /** The webhook errors. */
    @Metadata(label = "consumer", description = "webhook: the delivery's errors ([{code, message}]) as a List of Map; empty when the request succeeded.", javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String WEBHOOK_ERRORS = "CamelBasetenWebhookErrors";
    /** The webhook type. */
    @Metadata(label = "consumer", description = "webhook: the delivery's type field, e.g. async_request_completed.", javaType = "String")
    public static final String WEBHOOK_TYPE = "CamelBasetenWebhookType";

    private BasetenConstants() {
    }
}
