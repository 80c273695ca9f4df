package io.github.camelai.bench;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Call latencies, recorded all along in a ring rather than only inside the measurement window: a branch first taken
 * when the window opens would make the JIT throw away and recompile the whole inlined answer path, inside the
 * window. A window reads {@link #count()} when it opens and when it closes.
 */
final class LatencyRing {

    private final long[] ring;
    private final AtomicInteger count = new AtomicInteger();

    LatencyRing(int capacity) {
        this.ring = new long[capacity];
    }

    void record(long nanos) {
        ring[Math.floorMod(count.getAndIncrement(), ring.length)] = nanos;
    }

    /** How many were recorded so far. */
    int count() {
        return count.get();
    }

    /** The latencies recorded between two readings of {@link #count()}: the last ring's worth if there were more. */
    long[] between(int from, int to) {
        int n = Math.min(to - from, ring.length);
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            out[k] = ring[Math.floorMod(to - n + k, ring.length)];
        }
        return out;
    }
}
