package io.github.camelai.llm.quota;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.camelai.llm.error.LlmException;

/**
 * One quota: requests per minute and tokens per minute, each a Bucket4j bucket. A bucket holds a tenth of a
 * second's worth (so calls go out spread over the minute, never more than that at once) and refills greedily, a
 * little at every instant. It starts nearly empty (one request, no tokens), so a burst at start-up is spread too.
 * <p>
 * Calls wait in line, first come first served, on a scheduler and without a thread; the first in line reserves
 * its permits and goes when they are its. A call estimated at more tokens than the bucket holds reserves what it holds
 * and runs the bucket into debt for the rest, which the calls after it wait off.
 */
public final class Quota {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final String name;
    private final int requestsPerMinute;
    private final long tokensPerMinute;
    private final Bucket requests;
    private final Bucket tokens;
    private final long tokenCapacity;
    private final Queue<Waiting> line = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean reserving = new AtomicBoolean();

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
        this.tokenCapacity = burst(tokensPerMinute);
        this.tokens = tokensPerMinute > 0
                ? store.bucket(name + "|tokens|" + tokensPerMinute, perMinute(tokensPerMinute, 0)) : null;
    }

    /**
     * What a bucket holds: a tenth of a second's worth of a per-minute limit, at least 1. With a whole second's
     * worth, a stalled scheduler (a GC pause, a busy machine) caught up to a second's worth at once: 3,000 a minute
     * stalled 600 ms sent 68 calls in one second (80 in a sliding second), and a service counting per second
     * refuses that. With a tenth, the same stall gave at most 55 in any second; the time stalled is lost, not
     * caught up.
     */
    static long burst(long perMinute) {
        return Math.max(1, (perMinute + 599) / 600);
    }

    /** The configuration of a bucket of {@code perMinute}, holding {@link #burst}, starting with {@code initial}. */
    static BucketConfiguration perMinute(long perMinute, long initial) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst(perMinute)).refillGreedy(perMinute, Duration.ofMinutes(1))
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
     * the tokens bucket the call's tokens (or all it holds, for a larger call). Fails at once, before any
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
        return queue(new Waiting(1, tokens == null ? 0 : estimatedTokens), scheduler);
    }

    /** Completes when a retry may go: one request permit, no tokens (the service charged none for the refusal). */
    public CompletableFuture<Void> acquireRetry(ScheduledExecutorService scheduler) {
        return requests == null ? NOW : queue(new Waiting(1, 0), scheduler);
    }

    /**
     * Calls wait in line and only the first reserves its permits: a correction that comes in while others wait
     * (an answer that used more tokens than estimated) then delays the next call in line, not only the calls
     * that arrive after it, as reserving every waiting call at once would.
     */
    private CompletableFuture<Void> queue(Waiting call, ScheduledExecutorService scheduler) {
        line.add(call);
        drain(scheduler);
        return call.turn;
    }

    private void drain(ScheduledExecutorService scheduler) {
        while (!line.isEmpty() && reserving.compareAndSet(false, true)) {
            Waiting next = line.poll();
            if (next == null) {
                reserving.set(false);
                continue;
            }
            CompletableFuture<Void> turn;
            try {
                turn = reserve(next, scheduler);
            } catch (RuntimeException e) {
                // a store that cannot be reached: this call fails, the next one tries again
                reserving.set(false);
                next.turn.completeExceptionally(e);
                continue;
            }
            if (turn.isDone()) {
                reserving.set(false);
                next.complete(turn);
                continue;
            }
            turn.whenComplete((v, error) -> {
                reserving.set(false);
                next.complete(turn);
                drain(scheduler);
            });
            return;
        }
    }

    /** Reserves one call's permits in both buckets; completes when both are its. */
    private CompletableFuture<Void> reserve(Waiting call, ScheduledExecutorService scheduler) {
        CompletableFuture<Void> request = requests == null ? NOW : requests.asScheduler().consume(call.requests, scheduler);
        CompletableFuture<Void> tokenTurn = NOW;
        if (tokens != null && call.tokens > 0) {
            long now = Math.min(call.tokens, tokenCapacity);
            tokenTurn = tokens.asScheduler().consume(now, scheduler);
            if (call.tokens > now) {
                // the rest is debt: this call goes at its turn, the calls after it wait the debt off
                tokens.consumeIgnoringRateLimits(call.tokens - now);
            }
        }
        if (tokenTurn == NOW) {
            return request;
        }
        return request == NOW ? tokenTurn : CompletableFuture.allOf(request, tokenTurn);
    }

    /** A call waiting in line for its turn. */
    private static final class Waiting {
        final long requests;
        final long tokens;
        final CompletableFuture<Void> turn = new CompletableFuture<>();

        Waiting(long requests, long tokens) {
            this.requests = requests;
            this.tokens = tokens;
        }

        void complete(CompletableFuture<Void> reserved) {
            reserved.whenComplete((v, error) -> {
                if (error != null) {
                    turn.completeExceptionally(error);
                } else {
                    turn.complete(null);
                }
            });
        }
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
