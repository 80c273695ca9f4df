package io.github.camelai.llm.support;

/** What a streamed call hands the route. */
public enum StreamOutput {
    /** A lazy iterator over chunks as they arrive; split it with {@code split(body()).streaming()}. */
    iterator,
    /** One body as a non-streamed call would give, streamed on the wire to avoid gateway timeouts. */
    aggregate
}
