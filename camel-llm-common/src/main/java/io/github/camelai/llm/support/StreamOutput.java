package io.github.camelai.llm.support;

/** What a streamed call hands the route. */
public enum StreamOutput {
    /** A lazy iterator over chunks as they arrive; split it with {@code split(body()).streaming()}. */
    iterator,
    /** One body as a non-streamed call would give, streamed on the wire to avoid gateway timeouts. */
    aggregate,
    /**
     * An {@code InputStream} of server-sent events ({@code data: <chunk JSON>}, closing with {@code data: [DONE]}),
     * written as the model streams, with {@code Content-Type: text/event-stream}: from an HTTP consumer
     * (platform-http) it relays the answer to a browser's {@code EventSource} token by token.
     */
    sse
}
