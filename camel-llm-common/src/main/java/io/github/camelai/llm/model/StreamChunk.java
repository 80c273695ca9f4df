package io.github.camelai.llm.model;

import java.util.List;
import java.util.function.Function;

/**
 * What the streaming iterator needs from a chunk type: its usage (services repeat cumulative usage on every
 * chunk; the iterator reports it once) and whether it carries any choice at all (a usage-only closing chunk is
 * folded into the one before it), and whether it ends a choice (the usage comes after that one).
 */
public interface StreamChunk {

    Usage getUsage();

    void setUsage(Usage usage);

    /** True when the chunk has at least one choice. */
    boolean hasChoices();

    /** The text this chunk adds for the first choice, or {@code null}. */
    String text();

    /** True when the chunk ends a choice (it carries a finish reason): the usage, if any, comes after it. */
    boolean endsAChoice();

    /** Whether any of {@code choices} has a finish reason. */
    static <C> boolean anyFinished(List<C> choices, Function<C, String> finishReason) {
        if (choices != null) {
            for (C c : choices) {
                if (finishReason.apply(c) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
