package io.github.camelai.llm.http;

import java.util.concurrent.CompletableFuture;

/**
 * The HTTP engine under the components, kept to two calls so another engine (Vert.x for Quarkus users) could
 * stand in. Implementations are non-blocking: both methods return at once and complete on an I/O thread.
 */
public interface LlmTransport extends AutoCloseable {

    /**
     * Sends a request and buffers its answer, whatever its status. Fails only on transport trouble (connect
     * failure, timeout), with {@link io.github.camelai.llm.error.LlmTimeoutException} for timeouts.
     */
    CompletableFuture<LlmHttpResponse> send(LlmHttpRequest request, Timeouts timeouts);

    /**
     * Sends a request and streams its answer, whatever its status, to {@code subscriber}: every answer opens (a
     * non-2xx one too: {@link LlmHttpClient} turns it into an error, as it does for {@link #send}). Fails only on
     * transport trouble.
     */
    void stream(LlmHttpRequest request, Timeouts timeouts, StreamSubscriber subscriber);

    @Override
    void close();
}
