package io.github.camelai.llm.model;

/**
 * What the streaming iterator needs from a chunk type: its usage (services repeat cumulative usage on every
 * chunk; the iterator reports it once) and whether it carries any choice at all (a usage-only closing chunk is
 * folded into the one before it).
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
}
