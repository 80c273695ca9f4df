package io.github.camelai.llm.support;

/**
 * Header names of one component: every name is the component's prefix ({@code CamelBaseten},
 * {@code CamelDatabricksAi}) plus a suffix that is the same for all components. The component's constants class
 * declares each full name with {@code @Metadata} so it is in the catalog; this class lets the shared code find
 * them.
 */
public final class LlmHeaders {

    // per-exchange overrides of options (model and generation parameters only: headers are untrusted input)
    public static final String MODEL = "Model";
    public static final String SYSTEM_MESSAGE = "SystemMessage";
    public static final String TEMPERATURE = "Temperature";
    public static final String TOP_P = "TopP";
    public static final String TOP_K = "TopK";
    public static final String MAX_TOKENS = "MaxTokens";
    public static final String STOP = "Stop";
    public static final String N = "N";
    public static final String SEED = "Seed";
    public static final String TOOLS = "Tools";
    public static final String TOOL_CHOICE = "ToolChoice";
    public static final String RESPONSE_FORMAT = "ResponseFormat";
    public static final String JSON_SCHEMA = "JsonSchema";
    public static final String REASONING_EFFORT = "ReasoningEffort";
    public static final String LOGPROBS = "Logprobs";
    public static final String TOP_LOGPROBS = "TopLogprobs";
    public static final String STREAMING = "Streaming";
    public static final String STREAM_OUTPUT = "StreamOutput";
    public static final String FULL_RESPONSE = "FullResponse";

    // set on the way out
    public static final String RESPONSE_ID = "ResponseId";
    public static final String RESPONSE_MODEL = "ResponseModel";
    public static final String FINISH_REASON = "FinishReason";
    public static final String PROMPT_TOKENS = "PromptTokens";
    public static final String COMPLETION_TOKENS = "CompletionTokens";
    public static final String TOTAL_TOKENS = "TotalTokens";
    public static final String REASONING_TOKENS = "ReasoningTokens";
    public static final String TOOL_CALLS = "ToolCalls";
    public static final String REASONING = "Reasoning";
    public static final String TIME_TO_FIRST_TOKEN = "TimeToFirstToken";

    private final String prefix;

    public LlmHeaders(String prefix) {
        this.prefix = prefix;
    }

    /** The full header name for a suffix above, e.g. {@code CamelBasetenTemperature}. */
    public String name(String suffix) {
        return prefix + suffix;
    }

    public String prefix() {
        return prefix;
    }
}
