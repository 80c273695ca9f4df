package io.github.camelai.llm.quota;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RequestGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuotasTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong waits = new AtomicLong();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private RequestGate gate(Quotas quotas, String target, String group, int rpm, long tpm) {
        return quotas.gate(target, group, rpm, tpm, null, timer, nanos -> waits.incrementAndGet());
    }

    private static LlmHttpRequest call(long tokens) {
        return LlmHttpRequest.postJson("http://localhost/x", new byte[0]).withEstimatedTokens(tokens);
    }

    @Test
    void noLimitsIsTheOpenGate() {
        assertSame(RequestGate.OPEN, gate(new Quotas("c"), "t", null, 0, 0));
    }

    @Test
    void aCallLargerThanAMinutesTokensFailsAtOnceNamingTokensPerMinute() {
        RequestGate gate = gate(new Quotas("c"), "t", null, 0, 1000);
        CompletableFuture<Void> refused = gate.admit(call(1001));
        assertTrue(refused.isCompletedExceptionally(), "refused before any wait");
        ExecutionException e = assertThrows(ExecutionException.class, refused::get);
        LlmException cause = assertInstanceOf(LlmException.class, e.getCause());
        assertTrue(cause.getMessage().contains("tokensPerMinute=1000"), cause.getMessage());
        assertTrue(cause.getMessage().contains("1001"), cause.getMessage());
        // a whole minute's worth is allowed: it waits its turn and goes
        assertFalse(gate.admit(call(1000)).isCompletedExceptionally());
    }

    @Test
    void endpointsWithTheSameTargetShareOneQuota() {
        Quotas quotas = new Quotas("c");
        // 60 a minute: one call a second, and one call's worth at start
        RequestGate a = gate(quotas, "http://svc|m1", null, 60, 0);
        RequestGate b = gate(quotas, "http://svc|m1", null, 60, 0);
        RequestGate other = gate(quotas, "http://svc|m2", null, 60, 0);
        assertTrue(a.admit(call(0)).isDone(), "the first call goes at once");
        assertFalse(b.admit(call(0)).isDone(), "the same target's second call waits its turn");
        assertTrue(other.admit(call(0)).isDone(), "another target has its own quota");
    }

    @Test
    void aRateLimitGroupSharesOneQuotaAcrossTargets() {
        Quotas quotas = new Quotas("c");
        RequestGate a = gate(quotas, "http://svc|m1", "account", 60, 0);
        RequestGate b = gate(quotas, "http://svc|m2", "account", 60, 0);
        assertTrue(a.admit(call(0)).isDone());
        assertFalse(b.admit(call(0)).isDone(), "the group's quota is spent, whatever the model");
    }

    @Test
    void twoComponentsDoNotShareWithoutAStore() {
        // two CamelContexts in one JVM have two components: like two JVMs, they share only through a store
        RequestGate a = gate(new Quotas("c"), "http://svc|m1", null, 60, 0);
        RequestGate b = gate(new Quotas("c"), "http://svc|m1", null, 60, 0);
        assertTrue(a.admit(call(0)).isDone());
        assertTrue(b.admit(call(0)).isDone());
    }

    @Test
    void callsWaitWithoutAThreadAndGoSpreadOverTheSecond() throws Exception {
        // 600 a minute = 10 a second: the 1st goes at once, the 6th half a second later
        RequestGate gate = gate(new Quotas("c"), "t", null, 600, 0);
        long start = System.nanoTime();
        CompletableFuture<?>[] calls = new CompletableFuture<?>[6];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = gate.admit(call(0));
        }
        assertTrue(calls[0].isDone());
        assertFalse(calls[5].isDone(), "no call blocked the caller: the sixth is still waiting");
        calls[5].get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 400 && millis < 2000, "the sixth call went after " + millis + " ms; expected about 500");
        assertEquals(6, waits.get(), "every call's wait is recorded");
    }

    @Test
    void aCallLargerThanTheBucketGoesAndLaterCallsWaitItsDebtOff() throws Exception {
        // 60,000 a minute = 1,000 a second; the bucket holds 100 and starts empty
        RequestGate gate = gate(new Quotas("c"), "t", null, 0, 60_000);
        long start = System.nanoTime();
        CompletableFuture<Void> big = gate.admit(call(2_000)); // two seconds' worth
        CompletableFuture<Void> small = gate.admit(call(1));
        big.get(5, TimeUnit.SECONDS);
        long bigMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(small.isDone(), "the next call waits the big call's debt off");
        small.get(5, TimeUnit.SECONDS);
        long smallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(bigMillis < 700, "the big call waited only for what the bucket holds: " + bigMillis + " ms");
        assertTrue(smallMillis - bigMillis >= 1_500, "the small call waited the big one's debt (1,900 tokens): went at "
                                                     + smallMillis + " ms, the big one at " + bigMillis + " ms");
    }

    @Test
    void aStalledSchedulerDoesNotCatchUpASecondsWorthAtOnce() throws Exception {
        // 3,000 a minute = 50 a second; the scheduler is stalled 600 ms (a GC pause, a busy machine) after 1.5 s
        RequestGate gate = gate(new Quotas("c"), "t", null, 3000, 0);
        timer.schedule(() -> {
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 1500, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        int calls = 200;
        long[] went = new long[calls];
        CompletableFuture<?>[] turns = new CompletableFuture<?>[calls];
        for (int i = 0; i < calls; i++) {
            int k = i;
            turns[i] = gate.admit(call(0)).thenRun(() -> went[k] = System.nanoTime() - start);
        }
        CompletableFuture.allOf(turns).get(30, TimeUnit.SECONDS);
        java.util.Arrays.sort(went);
        int most = 0;
        for (int i = 0; i < calls; i++) {
            int inSecond = 0;
            for (int j = i; j < calls && went[j] - went[i] < 1_000_000_000L; j++) {
                inSecond++;
            }
            most = Math.max(most, inSecond);
        }
        // calls reserved up front, or a bucket of a second's worth, send ~80 in the second after the stall
        assertTrue(most <= 62, most + " calls went within one second");
    }

    @Test
    void theAnswersUsageReplacesTheEstimate() throws Exception {
        RequestGate gate = gate(new Quotas("c"), "t", null, 0, 60_000);
        Quota quota = ((QuotaGate) gate).quota();
        LlmHttpRequest request = call(500);
        gate.admit(request).get(5, TimeUnit.SECONDS);
        long before = quota.availableTokens();
        gate.tokensUsed(request, 100); // 400 fewer than estimated: given back
        long afterLess = quota.availableTokens();
        assertTrue(afterLess - before >= 390, "given back: " + before + " -> " + afterLess);
        gate.tokensUsed(request, 3_500); // 3,000 more than estimated: owed
        assertTrue(quota.availableTokens() <= afterLess - 2_900, "owed: " + afterLess + " -> " + quota.availableTokens());
        long kept = quota.availableTokens();
        gate.tokensUsed(request, -1); // no usage reported: the estimate stands
        assertTrue(Math.abs(quota.availableTokens() - kept) < 100);
    }

    @Test
    void negativeLimitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gate(new Quotas("c"), "t", null, -1, 0));
        assertTrue(e.getMessage().contains("requestsPerMinute"), e.getMessage());
    }
}
