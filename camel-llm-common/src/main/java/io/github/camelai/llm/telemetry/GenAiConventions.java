package io.github.camelai.llm.telemetry;

/**
 * Names from OpenTelemetry's semantic conventions for generative AI client calls: span attributes, metric names
 * and the tags the metrics carry. Kept in one place so metrics and spans always agree.
 */
public final class GenAiConventions {

    // attributes (span attributes and metric tags)
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
    public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String RESPONSE_ID = "gen_ai.response.id";
    public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";
    public static final String ERROR_TYPE = "error.type";

    // metrics
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
    /**
     * The time a call waited on its client-side quota before it was sent. Not a GenAI convention (they have none
     * for it): this project's name, with the conventions' tags.
     */
    public static final String QUOTA_WAIT = "camel.llm.quota.wait";
    /** Ours, not the convention's (it has none): the calls an endpoint allows in flight now. */
    public static final String CONCURRENCY_LIMIT = "camel.llm.concurrency.limit";

    // gen_ai.token.type values
    public static final String TOKEN_INPUT = "input";
    public static final String TOKEN_OUTPUT = "output";

    // gen_ai.operation.name: the convention's well-known values, then ours for operations it has no name for
    public static final String OP_CHAT = "chat";
    public static final String OP_TEXT_COMPLETION = "text_completion";
    public static final String OP_EMBEDDINGS = "embeddings";
    /** Ranking texts against a query (no well-known value in the convention). */
    public static final String OP_RERANK = "rerank";
    /** A model's own input and output format (no well-known value in the convention). */
    public static final String OP_PREDICT = "predict";
    /** Labelling texts with classes and scores (no well-known value in the convention). */
    public static final String OP_CLASSIFY = "classify";

    private GenAiConventions() {
    }
}
