package io.github.camelai.llm.quota;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.camelai.llm.error.LlmException;

/**
 * One quota: requests per minute and tokens per minute, each a Bucket4j bucket. A bucket holds one second's worth
 * (so calls go out spread over the minute, never more than a second's worth at once) and refills greedily, a
 * little at every instant. It starts nearly empty (one request, no tokens), so a burst at start-up is spread too.
 * <p>
 * A call reserves its permits and waits, on a scheduler and without a thread, until its turn: the bucket goes
 * below zero by the calls waiting. A call estimated at more tokens than one second's worth reserves a second's
 * worth and runs the bucket into debt for the rest, which the calls after it wait off.
 */
public final class Quota {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final String name;
    private final int requestsPerMinute;
    private final long tokensPerMinute;
    private final Bucket requests;
    private final Bucket tokens;
    private final long tokenCapacity;

    /**
     * @param name names the quota in the store: the component, and the target or the {@code rateLimitGroup}
     * @param store where the buckets live
     */
    Quota(String name, int requestsPerMinute, long tokensPerMinute, QuotaStore store) {
        this.name = name;
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.requests = requestsPerMinute > 0
                ? store.bucket(name + "|requests|" + requestsPerMinute, perMinute(requestsPerMinute, 1)) : null;
        this.tokenCapacity = oneSecond(tokensPerMinute);
        this.tokens = tokensPerMinute > 0
                ? store.bucket(name + "|tokens|" + tokensPerMinute, perMinute(tokensPerMinute, 0)) : null;
    }

    /** One second's worth of a per-minute limit, at least 1. */
    static long oneSecond(long perMinute) {
        return Math.max(1, (perMinute + 59) / 60);
    }

    /** The configuration of a bucket of {@code perMinute}, holding a second's worth, starting with {@code initial}. */
    static BucketConfiguration perMinute(long perMinute, long initial) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(oneSecond(perMinute)).refillGreedy(perMinute, Duration.ofMinutes(1))
                        .initialTokens(initial))
                .build();
    }

    public String name() {
        return name;
    }

    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    /**
     * Completes when a call estimated at {@code estimatedTokens} may go: when the requests bucket has a permit and
     * the tokens bucket the call's tokens (or a second's worth, for a larger call). Fails at once, before any
     * wait, when the estimate exceeds a whole minute's tokens: such a call could never be sent within the quota.
     */
    public CompletableFuture<Void> acquire(long estimatedTokens, ScheduledExecutorService scheduler) {
        if (tokens != null && estimatedTokens > tokensPerMinute) {
            return CompletableFuture.failedFuture(new LlmException(
                    "The request is estimated at " + estimatedTokens + " tokens (its text / 4, plus maxTokens x n), more than"
                                                                   + " tokensPerMinute=" + tokensPerMinute
                                                                   + " allows in a whole minute, so it could never be sent"
                                                                   + " within the quota. Raise tokensPerMinute, lower maxTokens"
                                                                   + " (or n), or send less text per call"));
        }
        CompletableFuture<Void> request = requests == null ? NOW : requests.asScheduler().consume(1, scheduler);
        CompletableFuture<Void> tokenTurn = NOW;
        if (tokens != null && estimatedTokens > 0) {
            long now = Math.min(estimatedTokens, tokenCapacity);
            tokenTurn = tokens.asScheduler().consume(now, scheduler);
            if (estimatedTokens > now) {
                // the rest is debt: this call goes at its turn, the calls after it wait the debt off
                tokens.consumeIgnoringRateLimits(estimatedTokens - now);
            }
        }
        if (tokenTurn == NOW) {
            return request;
        }
        return request == NOW ? tokenTurn : CompletableFuture.allOf(request, tokenTurn);
    }

    /** Completes when a retry may go: one request permit, no tokens (the service charged none for the refusal). */
    public CompletableFuture<Void> acquireRetry(ScheduledExecutorService scheduler) {
        return requests == null ? NOW : requests.asScheduler().consume(1, scheduler);
    }

    /** Replaces a call's estimate by the tokens its answer reported; a negative count keeps the estimate. */
    public void correct(long estimatedTokens, long usedTokens) {
        if (tokens == null || usedTokens < 0 || usedTokens == estimatedTokens) {
            return;
        }
        if (usedTokens > estimatedTokens) {
            tokens.consumeIgnoringRateLimits(usedTokens - estimatedTokens);
        } else {
            tokens.addTokens(estimatedTokens - usedTokens);
        }
    }

    /** Tokens in the bucket now: negative while calls wait or the bucket is in debt. */
    public long availableTokens() {
        return tokens == null ? Long.MAX_VALUE : tokens.getAvailableTokens();
    }

    @Override
    public String toString() {
        return "Quota[" + name + ", requestsPerMinute=" + requestsPerMinute + ", tokensPerMinute=" + tokensPerMinute + "]";
    }
}
