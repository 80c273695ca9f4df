package io.github.camelai.llm.quota;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RequestGate;

/**
 * One endpoint's way through a {@link Quota} it may share with other endpoints: waits on the component's scheduler
 * and tells the endpoint's telemetry how long each call waited.
 */
final class QuotaGate implements RequestGate {

    private final Quota quota;
    private final ScheduledExecutorService scheduler;
    private final LongConsumer waited;

    QuotaGate(Quota quota, ScheduledExecutorService scheduler, LongConsumer waited) {
        this.quota = quota;
        this.scheduler = scheduler;
        this.waited = waited;
    }

    Quota quota() {
        return quota;
    }

    @Override
    public CompletableFuture<Void> admit(LlmHttpRequest request) {
        return timed(quota.acquire(request.estimatedTokens(), scheduler));
    }

    @Override
    public CompletableFuture<Void> admitRetry(LlmHttpRequest request) {
        return timed(quota.acquireRetry(scheduler));
    }

    @Override
    public void tokensUsed(LlmHttpRequest request, long tokens) {
        quota.correct(request.estimatedTokens(), tokens);
    }

    private CompletableFuture<Void> timed(CompletableFuture<Void> turn) {
        if (turn.isDone()) {
            if (!turn.isCompletedExceptionally()) {
                waited.accept(0);
            }
            return turn;
        }
        long start = System.nanoTime();
        return turn.whenComplete((v, error) -> {
            if (error == null) {
                waited.accept(System.nanoTime() - start);
            }
        });
    }

    @Override
    public String toString() {
        return quota.toString();
    }
}
