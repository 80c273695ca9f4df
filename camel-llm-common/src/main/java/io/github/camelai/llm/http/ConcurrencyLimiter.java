package io.github.camelai.llm.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the calls one endpoint has in flight. A call over the cap waits in a queue (nothing blocks, nothing
 * fails) and starts when an earlier call ends: a burst from a Kafka topic must not turn into a wall of 429s.
 */
public final class ConcurrencyLimiter {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    /** {@code max <= 0} means no cap. */
    public ConcurrencyLimiter(int max) {
        this.max = max;
    }

    /** Runs {@code task} now or when a slot frees; the task must end by calling {@link #release()} once. */
    public void submit(Runnable task) {
        if (max <= 0) {
            inFlight.incrementAndGet();
            task.run();
            return;
        }
        if (waiting.isEmpty()) {
            // no one queued before this task and a slot free: take it without a trip through the queue
            int current = inFlight.get();
            if (current < max && inFlight.compareAndSet(current, current + 1)) {
                task.run();
                return;
            }
        }
        waiting.add(task);
        drain();
    }

    /** Ends one call and starts the next waiting one, if any. */
    public void release() {
        inFlight.decrementAndGet();
        if (max > 0) {
            drain();
        }
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int current = inFlight.get();
            if (current >= max) {
                return;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                Runnable next = waiting.poll();
                if (next == null) {
                    inFlight.decrementAndGet();
                    continue;
                }
                next.run();
            }
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int queued() {
        return waiting.size();
    }
}
