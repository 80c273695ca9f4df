package io.github.camelai.llm.quota;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RequestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's way through a {@link Quota} it may share with other endpoints: waits on the component's scheduler
 * and tells the endpoint's telemetry how long each call waited.
 */
final class QuotaGate implements RequestGate {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaGate.class);

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
        try {
            return timed(quota.acquire(request.estimatedTokens(), scheduler));
        } catch (RuntimeException e) {
            // a store that cannot be reached: the call fails like any other, through its future
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> admitRetry(LlmHttpRequest request) {
        try {
            return timed(quota.acquireRetry(scheduler));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void tokensUsed(LlmHttpRequest request, long tokens) {
        try {
            quota.correct(request.estimatedTokens(), tokens);
        } catch (RuntimeException e) {
            // the answer is in and good: a correction the store refused costs accuracy, not the exchange
            LOG.warn("Could not correct the token count of {} by the answer's usage: {}", quota, e.getMessage());
        }
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
