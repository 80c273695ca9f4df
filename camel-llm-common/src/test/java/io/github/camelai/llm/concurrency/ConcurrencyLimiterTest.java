package io.github.camelai.llm.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter.Permit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyLimiterTest {

    @Test
    void queuesOverTheCapAndStartsInOrderOnRelease() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
        List<Integer> started = new ArrayList<>();
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            limiter.submit(p -> {
                started.add(n);
                permits.add(p);
            });
        }
        assertEquals(List.of(0, 1), started);
        assertEquals(2, limiter.inFlight());
        assertEquals(3, limiter.queued());
        permits.get(0).release();
        assertEquals(List.of(0, 1, 2), started);
        permits.get(1).succeeded();
        permits.get(2).overloaded();
        assertEquals(List.of(0, 1, 2, 3, 4), started);
        assertEquals(2, limiter.inFlight());
        assertEquals(0, limiter.queued());
        permits.get(3).release();
        permits.get(4).release();
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void aPermitEndsOnce() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2);
        List<Permit> permits = new ArrayList<>();
        limiter.submit(permits::add);
        limiter.submit(permits::add);
        permits.get(0).release();
        permits.get(0).release();
        permits.get(0).succeeded();
        assertEquals(1, limiter.inFlight(), "a second end of the same call frees nothing");
    }

    @Test
    void zeroMeansNoCap() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(0);
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            limiter.submit(p -> started.incrementAndGet());
        }
        assertEquals(50, started.get());
        assertEquals(0, limiter.queued());
        assertFalse(limiter.isCapped());
    }

    @Test
    void aRefusedCallGoesBackFirstInLineAndWaitsForTheLowerLimit() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(new AdaptiveLimit(100, 4, 0.5));
        List<String> started = new ArrayList<>();
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "call" + i;
            limiter.submit(p -> {
                started.add(name);
                permits.add(p);
            });
        }
        assertEquals(4, limiter.inFlight());
        assertEquals(2, limiter.queued());
        // call0 refused: the limit halves to 2, three calls are still in flight, so nothing starts
        assertTrue(permits.get(0).overloaded());
        assertEquals(2, limiter.limit());
        limiter.resubmit(p -> {
            started.add("call0 again");
            permits.add(p);
        });
        assertEquals(List.of("call0", "call1", "call2", "call3"), started);
        // call1 refused too, but it was sent before the drop: the limit stays
        assertTrue(permits.get(1).overloaded());
        assertEquals(2, limiter.limit());
        // one slot under the limit: the refused call goes before the calls never sent
        permits.get(2).succeeded();
        assertEquals(List.of("call0", "call1", "call2", "call3", "call0 again"), started);
        assertEquals(2, limiter.inFlight());
        permits.get(3).release();
        assertEquals(List.of("call0", "call1", "call2", "call3", "call0 again", "call4"), started);
    }

    @Test
    void aCleanRunLetsMoreCallsIn() {
        AdaptiveLimit adaptive = new AdaptiveLimit(100, 2, 0.5);
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(adaptive);
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            limiter.submit(permits::add);
        }
        assertEquals(2, permits.size());
        permits.get(0).succeeded();
        // slow start: one clean answer frees its slot and adds one
        assertEquals(3, adaptive.current());
        assertEquals(4, permits.size());
        assertEquals(3, limiter.inFlight());
    }
}
