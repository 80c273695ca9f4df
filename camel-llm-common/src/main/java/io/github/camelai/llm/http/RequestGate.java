package io.github.camelai.llm.http;

import java.util.concurrent.CompletableFuture;

/**
 * What a request passes before it is sent: a quota of requests and tokens per minute. {@link LlmHttpClient} asks
 * it before the request takes a concurrency slot, so a request waiting on its quota holds neither a thread nor a
 * slot, and its {@code requestTimeout} starts only when it is sent.
 */
public interface RequestGate {

    /** Lets every request through at once. */
    RequestGate OPEN = new RequestGate() {
        @Override
        public CompletableFuture<Void> admit(LlmHttpRequest request) {
            return LlmHttpRequest.ADMITTED;
        }

        @Override
        public CompletableFuture<Void> admitRetry(LlmHttpRequest request) {
            return LlmHttpRequest.ADMITTED;
        }

        @Override
        public void tokensUsed(LlmHttpRequest request, long tokens) {
            // nothing to correct
        }
    };

    /**
     * Completes when the request may be sent, on the caller's thread when it may go now, else on a scheduler
     * thread; fails when it never may be (a request larger than a whole minute's quota).
     */
    CompletableFuture<Void> admit(LlmHttpRequest request);

    /** A retry of an admitted request: the service counts it as a request, so it waits for a request permit. */
    CompletableFuture<Void> admitRetry(LlmHttpRequest request);

    /**
     * The answer to an admitted request reported how many tokens it used: the quota replaces the request's
     * {@linkplain LlmHttpRequest#estimatedTokens() estimate} with it. A negative count (none reported) keeps the
     * estimate.
     */
    void tokensUsed(LlmHttpRequest request, long tokens);
}
