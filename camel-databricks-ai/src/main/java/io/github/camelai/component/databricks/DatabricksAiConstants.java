package io.github.camelai.component.databricks;

import io.github.camelai.llm.support.LlmHeaders;
import org.apache.camel.spi.Metadata;

/**
 * The message headers of the {@code databricks-ai} component. Headers in: per-exchange overrides of the model
 * and generation options (never of the host or credentials). Headers out: what the service reported.
 */
public final class DatabricksAiConstants {

    /** The header prefix. */
    public static final String PREFIX = "CamelDatabricksAi";

    /** The shared header names with this component's prefix. */
    public static final LlmHeaders HEADERS = new LlmHeaders(PREFIX);

    // ---- in: per-exchange overrides ----

    /** The serving endpoint name, overriding the model option. */
    @Metadata(label = "producer", description = "The serving endpoint name, overriding the model option for this exchange.", javaType = "String")
    public static final String MODEL = PREFIX + "Model";
    /** A system message (responses: the instructions). */
    @Metadata(label = "producer", description = "A system message put first (responses: the instructions), overriding the systemMessage option.", javaType = "String")
    public static final String SYSTEM_MESSAGE = PREFIX + "SystemMessage";
    /** Sampling temperature. */
    @Metadata(label = "producer", description = "Sampling temperature (0 to 2), overriding the temperature option.", javaType = "Double")
    public static final String TEMPERATURE = PREFIX + "Temperature";
    /** Nucleus sampling. */
    @Metadata(label = "producer", description = "Nucleus sampling threshold (top_p), overriding the topP option.", javaType = "Double")
    public static final String TOP_P = PREFIX + "TopP";
    /** Top-k sampling. */
    @Metadata(label = "producer", description = "Top-k sampling (top_k), overriding the topK option.", javaType = "Integer")
    public static final String TOP_K = PREFIX + "TopK";
    /** The maximum number of tokens to generate. */
    @Metadata(label = "producer", description = "The maximum number of tokens to generate (responses: max_output_tokens), overriding the maxTokens option.", javaType = "Integer")
    public static final String MAX_TOKENS = PREFIX + "MaxTokens";
    /** Stop sequences. */
    @Metadata(label = "producer", description = "Stop sequences: a List of String or comma-separated text, overriding the stop option.", javaType = "Object")
    public static final String STOP = PREFIX + "Stop";
    /** How many answers to generate. */
    @Metadata(label = "producer", description = "How many answers to generate (n; provisioned throughput endpoints only), overriding the n option.", javaType = "Integer")
    public static final String N = PREFIX + "N";
    /** Sampling seed. */
    @Metadata(label = "producer", description = "Sampling seed, where the model supports it, overriding the seed option.", javaType = "Long")
    public static final String SEED = PREFIX + "Seed";
    /** The tools the model may call. */
    @Metadata(label = "producer", description = "The tools the model may call: JSON text or a List of ToolDefinition (never a resource), overriding the tools option.", javaType = "Object")
    public static final String TOOLS = PREFIX + "Tools";
    /** Which tool to call. */
    @Metadata(label = "producer", description = "Which tool to call: none, auto, required, a function name or a JSON tool_choice object, overriding the toolChoice option.", javaType = "String")
    public static final String TOOL_CHOICE = PREFIX + "ToolChoice";
    /** The response format. */
    @Metadata(label = "producer", description = "The response format: text, json_object or json_schema, overriding the responseFormat option.", javaType = "String", enums = "text,json_object,json_schema")
    public static final String RESPONSE_FORMAT = PREFIX + "ResponseFormat";
    /** The JSON schema of a json_schema response. */
    @Metadata(label = "producer", description = "The JSON schema of a json_schema response, as JSON text (never a resource), overriding the jsonSchema option.", javaType = "String")
    public static final String JSON_SCHEMA = PREFIX + "JsonSchema";
    /** Reasoning effort. */
    @Metadata(label = "producer", description = "Reasoning effort (low, medium, high), overriding the reasoningEffort option.", javaType = "String")
    public static final String REASONING_EFFORT = PREFIX + "ReasoningEffort";
    /** Log probabilities. */
    @Metadata(label = "producer", description = "Return log probabilities of the output tokens, overriding the logprobs option.", javaType = "Boolean")
    public static final String LOGPROBS = PREFIX + "Logprobs";
    /** Most likely tokens per position. */
    @Metadata(label = "producer", description = "How many most likely tokens to return at each position (0 to 20; chat needs logprobs), overriding the topLogprobs option.", javaType = "Integer")
    public static final String TOP_LOGPROBS = PREFIX + "TopLogprobs";
    /** Streaming. */
    @Metadata(label = "producer", description = "Stream the answer, overriding the streaming option.", javaType = "Boolean")
    public static final String STREAMING = PREFIX + "Streaming";
    /** Stream output mode. */
    @Metadata(label = "producer", description = "With streaming: iterator, aggregate or sse, overriding the streamOutput option.", javaType = "String", enums = "iterator,aggregate,sse")
    public static final String STREAM_OUTPUT = PREFIX + "StreamOutput";
    /** Full response as body. */
    @Metadata(label = "producer", description = "Set the whole response object as the body, overriding the fullResponse option.", javaType = "Boolean")
    public static final String FULL_RESPONSE = PREFIX + "FullResponse";

    /** Embedding: the instruction for this exchange. */
    @Metadata(label = "producer", description = "Embedding: the instruction passed to the model, overriding the instruction option (e.g. a query instruction vs none for documents).", javaType = "String")
    public static final String INSTRUCTION = PREFIX + "Instruction";

    // ---- out ----

    /** The response id. */
    @Metadata(label = "producer", description = "Out: the id of the response.", javaType = "String")
    public static final String RESPONSE_ID = PREFIX + LlmHeaders.RESPONSE_ID;
    /** The model version that answered. */
    @Metadata(label = "producer", description = "Out: the model version that answered (the response's model field; not the endpoint name).", javaType = "String")
    public static final String RESPONSE_MODEL = PREFIX + LlmHeaders.RESPONSE_MODEL;
    /** Why generation stopped. */
    @Metadata(label = "producer", description = "Out: why the model stopped (stop, length, tool_calls; responses: the status, or the incomplete reason).", javaType = "String")
    public static final String FINISH_REASON = PREFIX + LlmHeaders.FINISH_REASON;
    /** Prompt tokens. */
    @Metadata(label = "producer", description = "Out: tokens in the prompt (responses: input_tokens).", javaType = "Integer")
    public static final String PROMPT_TOKENS = PREFIX + LlmHeaders.PROMPT_TOKENS;
    /** Completion tokens. */
    @Metadata(label = "producer", description = "Out: tokens generated (responses: output_tokens).", javaType = "Integer")
    public static final String COMPLETION_TOKENS = PREFIX + LlmHeaders.COMPLETION_TOKENS;
    /** Total tokens. */
    @Metadata(label = "producer", description = "Out: prompt plus generated tokens.", javaType = "Integer")
    public static final String TOTAL_TOKENS = PREFIX + LlmHeaders.TOTAL_TOKENS;
    /** Reasoning tokens. */
    @Metadata(label = "producer", description = "Out: reasoning (thinking) tokens, when the model reports them.", javaType = "Integer")
    public static final String REASONING_TOKENS = PREFIX + LlmHeaders.REASONING_TOKENS;
    /** The tool calls the model asked for. */
    @Metadata(label = "producer", description = "Out: the tool calls the model asked for, as a List of io.github.camelai.llm.model.ToolCall (id, function name, JSON arguments); "
                                                + "for responses the id is the call_id to answer with a function_call_output.", javaType = "java.util.List<io.github.camelai.llm.model.ToolCall>")
    public static final String TOOL_CALLS = PREFIX + LlmHeaders.TOOL_CALLS;
    /** The model's reasoning text. */
    @Metadata(label = "producer", description = "Out: the model's reasoning (reasoning content parts or summaries), kept apart from the answer text.", javaType = "String")
    public static final String REASONING = PREFIX + LlmHeaders.REASONING;
    /** Time to the first token of a streamed aggregate call. */
    @Metadata(label = "producer", description = "Out (streamOutput=aggregate): milliseconds from sending the request to the first generated text.", javaType = "Long")
    public static final String TIME_TO_FIRST_TOKEN = PREFIX + LlmHeaders.TIME_TO_FIRST_TOKEN;
    /** Rounds of tool calls run by the tool loop. */
    @Metadata(label = "producer", description = "Out (chat and responses with toolTags and autoToolExecution): the rounds of tool calls run before the final answer (0 when the model answered at once). The token headers then count all rounds.", javaType = "Integer")
    public static final String TOOL_ITERATIONS = PREFIX + LlmHeaders.TOOL_ITERATIONS;
    /** The served model that answered. */
    @Metadata(label = "producer", description = "Out (non-streamed chat, completion and responses): the served model that answered, from the served-model-name response header.", javaType = "String")
    public static final String SERVED_MODEL_NAME = PREFIX + "ServedModelName";

    private DatabricksAiConstants() {
    }
}
