package io.github.camelai.llm.http;

import java.time.Duration;

/**
 * The three time limits of one call.
 *
 * @param connect    how long to wait for a TCP (and TLS) connection
 * @param request    a non-streamed call: how long until the whole answer is in; a streamed call: how long until
 *                   the answer's headers arrive
 * @param streamIdle a streamed call: the longest silence between two pieces of the stream. Time the route spends
 *                   not reading (the connection paused on purpose) does not count.
 */
public record Timeouts(Duration connect, Duration request, Duration streamIdle) {

    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(300),
            Duration.ofSeconds(60));
}
