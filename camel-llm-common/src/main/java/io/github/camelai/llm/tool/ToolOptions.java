package io.github.camelai.llm.tool;

import java.util.Set;

import io.github.camelai.llm.support.LlmConfiguration;

/**
 * The tool options of an LLM endpoint. They are options only, never headers: headers may come from Kafka or HTTP,
 * and must not choose which routes run or how often.
 */
public record ToolOptions(Set<String> tags, int maxIterations, boolean autoExecution) {

    public ToolOptions {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxToolIterations is " + maxIterations + ": use 0 or more");
        }
        tags = Set.copyOf(tags);
    }

    public static ToolOptions of(LlmConfiguration cfg) {
        return new ToolOptions(LlmTool.tags(cfg.getToolTags()), cfg.getMaxToolIterations(), cfg.isAutoToolExecution());
    }

    /** Whether tools from llm-tool routes are offered at all. */
    public boolean offered() {
        return !tags.isEmpty();
    }

    /** Whether the component runs the tools and calls the model again (else the calls go to the route). */
    public boolean loop() {
        return offered() && autoExecution;
    }
}
