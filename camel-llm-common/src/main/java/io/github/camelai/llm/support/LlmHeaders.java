package io.github.camelai.llm.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header names of one component: every name is the component's prefix ({@code CamelBaseten},
 * {@code CamelDatabricksAi}) plus a suffix that is the same for all components. The component's constants class
 * declares each full name with {@code @Metadata} so it is in the catalog; this class lets the shared code find
 * them.
 */
public final class LlmHeaders {

    // the per-exchange overrides of options are in GenerationParameter

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
    public static final String TOOL_ITERATIONS = "ToolIterations";

    private final String prefix;
    // every exchange looks up a few dozen names: built once, not concatenated per call
    private final Map<String, String> names = new ConcurrentHashMap<>();

    public LlmHeaders(String prefix) {
        this.prefix = prefix;
    }

    /** The full header name for a suffix above, e.g. {@code CamelBasetenTemperature}. */
    public String name(String suffix) {
        String name = names.get(suffix);
        if (name == null) {
            name = prefix + suffix;
            names.putIfAbsent(suffix, name);
        }
        return name;
    }

    public String prefix() {
        return prefix;
    }
}
