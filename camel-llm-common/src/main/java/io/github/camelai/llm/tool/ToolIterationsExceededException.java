package io.github.camelai.llm.tool;

import io.github.camelai.llm.error.LlmException;

/** The model still asked for tools after {@code maxToolIterations} rounds of tool calls. */
public class ToolIterationsExceededException extends LlmException {

    private final int limit;

    public ToolIterationsExceededException(int limit, String tools) {
        super("The model still asks for tools (" + tools + ") after maxToolIterations=" + limit + " rounds of tool "
              + "calls: raise maxToolIterations, or check what the tools answer");
        this.limit = limit;
    }

    /** The limit that was reached. */
    public int getLimit() {
        return limit;
    }
}
