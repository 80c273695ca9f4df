package io.github.camelai.llm.support;

import java.util.List;
import java.util.function.Function;

/**
 * The options a route may set per exchange with a {@code Camel<Prefix><Header>} header: the model, the generation
 * parameters and how the answer is handed over. Headers may come from Kafka or HTTP and are untrusted, so nothing
 * else (URLs, credentials, timeouts, retries) is in this table.
 * <p>
 * One line per option: its name in {@link LlmConfiguration}, its header suffix, the type a header value is
 * converted to, how the endpoint's value is read, and the JSON field it fills in each API's request
 * ({@code null}: that API does not take it; a dotted name such as {@code text.format} is a field of a nested
 * object). {@link RequestOptions} reads the options and the headers from this table, and {@link ChatRequests} and
 * {@link RequestFilling} fill the requests from it; what a request body sets itself always wins. Adding a
 * parameter is its option (with Javadoc) in {@code LlmConfiguration}, one line here, and its header constant in
 * each component's constants class (the catalog lists headers from there).
 * <p>
 * A few options need more than a type conversion; {@link RequestOptions} handles them by name: {@code stop}
 * (comma-separated text), {@code tools} and {@code toolChoice} (JSON), {@code responseFormat} with
 * {@code jsonSchema} (one {@code response_format} object), and {@code systemMessage} (the first chat message, not a
 * request field).
 */
public enum GenerationParameter {

    // option, header suffix, header type, endpoint value, chat field, completion field, responses field
    MODEL("model", "Model", String.class, LlmConfiguration::getModel, "model", "model", null),
    SYSTEM_MESSAGE("systemMessage", "SystemMessage", String.class, LlmConfiguration::getSystemMessage, null, null, "instructions"),
    TEMPERATURE("temperature", "Temperature", Double.class, LlmConfiguration::getTemperature, "temperature", "temperature", "temperature"),
    TOP_P("topP", "TopP", Double.class, LlmConfiguration::getTopP, "top_p", "top_p", "top_p"),
    TOP_K("topK", "TopK", Integer.class, LlmConfiguration::getTopK, "top_k", "top_k", null),
    MAX_TOKENS("maxTokens", "MaxTokens", Integer.class, LlmConfiguration::getMaxTokens, "max_tokens", "max_tokens", "max_output_tokens"),
    STOP("stop", "Stop", List.class, LlmConfiguration::getStop, "stop", "stop", null),
    N("n", "N", Integer.class, LlmConfiguration::getN, "n", "n", null),
    SEED("seed", "Seed", Long.class, LlmConfiguration::getSeed, "seed", "seed", null),
    TOOLS("tools", "Tools", List.class, LlmConfiguration::getTools, "tools", null, "tools"),
    TOOL_CHOICE("toolChoice", "ToolChoice", String.class, LlmConfiguration::getToolChoice, "tool_choice", null, "tool_choice"),
    RESPONSE_FORMAT("responseFormat", "ResponseFormat", ResponseFormatType.class, LlmConfiguration::getResponseFormat, "response_format", null, "text.format"),
    JSON_SCHEMA("jsonSchema", "JsonSchema", String.class, LlmConfiguration::getJsonSchema, null, null, null),
    REASONING_EFFORT("reasoningEffort", "ReasoningEffort", String.class, LlmConfiguration::getReasoningEffort, "reasoning_effort", null, "reasoning.effort"),
    LOGPROBS("logprobs", "Logprobs", Boolean.class, LlmConfiguration::getLogprobs, "logprobs", null, null),
    TOP_LOGPROBS("topLogprobs", "TopLogprobs", Integer.class, LlmConfiguration::getTopLogprobs, "top_logprobs", null, "top_logprobs"),
    STREAMING("streaming", "Streaming", Boolean.class, LlmConfiguration::isStreaming, null, null, null),
    STREAM_OUTPUT("streamOutput", "StreamOutput", StreamOutput.class, LlmConfiguration::getStreamOutput, null, null, null),
    FULL_RESPONSE("fullResponse", "FullResponse", Boolean.class, LlmConfiguration::isFullResponse, null, null, null);

    /** The request shapes the table fills. */
    public enum Api {
        /** {@code /chat/completions} */
        CHAT,
        /** {@code /completions} */
        COMPLETION,
        /** {@code /responses} */
        RESPONSES
    }

    private final String option;
    private final String header;
    private final Class<?> type;
    private final Function<LlmConfiguration, Object> value;
    private final String[] fields;

    GenerationParameter(String option, String header, Class<?> type, Function<LlmConfiguration, Object> value,
                        String chat, String completion, String responses) {
        this.option = option;
        this.header = header;
        this.type = type;
        this.value = value;
        this.fields = new String[] { chat, completion, responses };
    }

    /** The endpoint option's name, as in the URI. */
    public String option() {
        return option;
    }

    /** The header suffix: the header is the component's prefix plus this, e.g. {@code CamelBasetenTemperature}. */
    public String header() {
        return header;
    }

    /** The type a header value is converted to with Camel's type converters. */
    public Class<?> type() {
        return type;
    }

    /** The endpoint's value of the option, as configured. */
    public Object valueIn(LlmConfiguration cfg) {
        return value.apply(cfg);
    }

    /** The request's JSON field this option fills for an API, or {@code null} when that API does not take it. */
    public String field(Api api) {
        return fields[api.ordinal()];
    }
}
