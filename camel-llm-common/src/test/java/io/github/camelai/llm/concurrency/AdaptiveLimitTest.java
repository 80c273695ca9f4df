package io.github.camelai.llm.concurrency;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveLimitTest {

    /** Ends the slow start with one drop: the limit is then in its additive phase. */
    private static AdaptiveLimit steady(int ceiling, int initial) {
        AdaptiveLimit limit = new AdaptiveLimit(ceiling, initial, 0.5);
        limit.overloaded(limit.epoch());
        return limit;
    }

    @Test
    void startsAtEightOrTheCeilingWhenLower() {
        assertEquals(8, new AdaptiveLimit(128).current());
        assertEquals(4, new AdaptiveLimit(4).current());
        assertEquals(8, new AdaptiveLimit(0).current(), "no ceiling");
        assertEquals(Integer.MAX_VALUE, new AdaptiveLimit(0).ceiling());
    }

    @Test
    void anOverloadDropsTheLimitMultiplicatively() {
        AdaptiveLimit limit = new AdaptiveLimit(128, 100, 0.7);
        assertTrue(limit.overloaded(limit.epoch()));
        assertEquals(70, limit.current());
        assertTrue(limit.overloaded(limit.epoch()));
        assertEquals(49, limit.current());
        assertEquals(34, dropOnce(49), "rounded down");
    }

    private static int dropOnce(int from) {
        AdaptiveLimit limit = new AdaptiveLimit(0, from, 0.7);
        limit.overloaded(limit.epoch());
        return limit.current();
    }

    @Test
    void aBurstOfRefusalsFromOneRoundTripDropsItOnce() {
        AdaptiveLimit limit = new AdaptiveLimit(128, 100, 0.5);
        long started = limit.epoch();
        // 100 calls sent under the same limit, all refused: only the first refusal is news
        for (int i = 0; i < 100; i++) {
            assertTrue(limit.overloaded(started), "each refused call may go again once the lower limit lets it");
        }
        assertEquals(50, limit.current());
        // a call sent after the drop and refused too: the lower limit is still too high, drop again
        assertTrue(limit.overloaded(limit.epoch()));
        assertEquals(25, limit.current());
    }

    @Test
    void aRunOfCleanAnswersAsLongAsTheLimitRaisesItByOne() {
        AdaptiveLimit limit = steady(100, 20);
        assertEquals(10, limit.current());
        for (int i = 0; i < 9; i++) {
            limit.succeeded(10);
        }
        assertEquals(10, limit.current(), "nine clean answers are not yet a run of ten");
        limit.succeeded(10);
        assertEquals(11, limit.current());
        for (int i = 0; i < 11; i++) {
            limit.succeeded(11);
        }
        assertEquals(12, limit.current());
    }

    @Test
    void anOverloadBreaksTheRun() {
        AdaptiveLimit limit = steady(100, 40);
        assertEquals(20, limit.current());
        for (int i = 0; i < 19; i++) {
            limit.succeeded(20);
        }
        limit.overloaded(limit.epoch());
        assertEquals(10, limit.current());
        for (int i = 0; i < 9; i++) {
            limit.succeeded(10);
        }
        assertEquals(10, limit.current(), "the run starts again after a drop");
    }

    @Test
    void slowStartRaisesItByOnePerCleanAnswerUntilTheFirstOverload() {
        AdaptiveLimit limit = new AdaptiveLimit(128, 4, 0.5);
        for (int i = 0; i < 4; i++) {
            limit.succeeded(4);
        }
        assertEquals(8, limit.current(), "one round trip of clean answers doubles it");
        for (int i = 0; i < 8; i++) {
            limit.succeeded(8);
        }
        assertEquals(16, limit.current());
        limit.overloaded(limit.epoch());
        assertEquals(8, limit.current());
        limit.succeeded(8);
        assertEquals(8, limit.current(), "after the first overload, one per run");
    }

    @Test
    void staysWithinOneAndTheCeiling() {
        AdaptiveLimit limit = new AdaptiveLimit(20, 16, 0.5);
        for (int i = 0; i < 1000; i++) {
            limit.succeeded(limit.current());
        }
        assertEquals(20, limit.current(), "never above maxConcurrentRequests");
        for (int i = 0; i < 50; i++) {
            limit.overloaded(limit.epoch());
        }
        assertEquals(1, limit.current(), "never below one");
    }

    @Test
    void atOneAnOverloadCannotDropItAndTheCallerBacksOff() {
        AdaptiveLimit limit = new AdaptiveLimit(8, 1, 0.5);
        assertFalse(limit.overloaded(limit.epoch()));
        assertEquals(1, limit.current());
        // pressed to the floor: the service's recovery is found again at slow start's pace
        limit.succeeded(1);
        limit.succeeded(2);
        assertEquals(3, limit.current());
    }

    @Test
    void anEndpointThatUsesLessThanHalfItsLimitDoesNotRaiseIt() {
        AdaptiveLimit limit = new AdaptiveLimit(0, 16, 0.5);
        for (int i = 0; i < 1000; i++) {
            limit.succeeded(7);
        }
        assertEquals(16, limit.current(), "seven calls at a time prove nothing about sixteen");
        limit.succeeded(8);
        assertEquals(17, limit.current());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimit(10, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimit(10, 4, 1.0));
    }
}
