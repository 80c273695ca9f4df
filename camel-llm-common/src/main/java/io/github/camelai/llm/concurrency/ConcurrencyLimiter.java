package io.github.camelai.llm.concurrency;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Caps the calls one endpoint has in flight. A call over the cap waits in a queue (nothing blocks, nothing
 * fails) and starts when an earlier call ends: a burst from a Kafka topic must not turn into a wall of 429s.
 * <p>
 * The cap is fixed ({@code maxConcurrentRequests}), or an {@link AdaptiveLimit} that follows what the service
 * accepts. Each call holds a {@link Permit} and ends it saying how the service answered, which is what the adaptive
 * limit learns from.
 */
public final class ConcurrencyLimiter {

    private final int max;
    private final AdaptiveLimit adaptive;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Deque<Consumer<Permit>> waiting = new ConcurrentLinkedDeque<>();

    /** A fixed cap; {@code max <= 0} means no cap. */
    public ConcurrencyLimiter(int max) {
        this.max = max;
        this.adaptive = null;
    }

    /** A cap that follows {@code limit}. */
    public ConcurrencyLimiter(AdaptiveLimit limit) {
        this.max = 0;
        this.adaptive = limit;
    }

    /** Whether the cap follows the service's answers. */
    public boolean isAdaptive() {
        return adaptive != null;
    }

    /** Whether there is a cap at all. */
    public boolean isCapped() {
        return adaptive != null || max > 0;
    }

    /** The calls allowed in flight now; {@link Integer#MAX_VALUE} without a cap. */
    public int limit() {
        if (adaptive != null) {
            return adaptive.current();
        }
        return max > 0 ? max : Integer.MAX_VALUE;
    }

    /** Runs {@code task} now or when the limit lets it; the task must end its permit once. */
    public void submit(Consumer<Permit> task) {
        if (!isCapped()) {
            task.accept(new Permit(inFlight.incrementAndGet()));
            return;
        }
        if (waiting.isEmpty()) {
            // no one queued before this task and a slot free: take it without a trip through the queue
            int current = inFlight.get();
            if (current < limit() && inFlight.compareAndSet(current, current + 1)) {
                task.accept(new Permit(current + 1));
                return;
            }
        }
        waiting.addLast(task);
        drain();
    }

    /**
     * Puts a call that was refused back in line, ahead of the calls that have not been sent yet: it has waited
     * longest, and its time limit is already running.
     */
    public void resubmit(Consumer<Permit> task) {
        if (!isCapped()) {
            task.accept(new Permit(inFlight.incrementAndGet()));
            return;
        }
        waiting.addFirst(task);
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int current = inFlight.get();
            if (current >= limit()) {
                return;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                Consumer<Permit> next = waiting.pollFirst();
                if (next == null) {
                    inFlight.decrementAndGet();
                    continue;
                }
                next.accept(new Permit(current + 1));
            }
        }
    }

    private void end() {
        inFlight.decrementAndGet();
        if (isCapped()) {
            drain();
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int queued() {
        return waiting.size();
    }

    @Override
    public String toString() {
        return "ConcurrencyLimiter[" + (adaptive != null ? adaptive : isCapped() ? "max=" + max : "no cap")
               + ", inFlight=" + inFlight.get() + ", queued=" + waiting.size() + "]";
    }

    /** One call's slot. Ended once: the first of its three ends counts, later ones do nothing. */
    public final class Permit {

        private final int inFlightAtStart;
        private final long epoch;
        private final AtomicInteger ended = new AtomicInteger();

        private Permit(int inFlightAtStart) {
            this.inFlightAtStart = inFlightAtStart;
            this.epoch = adaptive != null ? adaptive.epoch() : 0;
        }

        /** The service answered the call cleanly. */
        public void succeeded() {
            if (ended.compareAndSet(0, 1)) {
                if (adaptive != null) {
                    adaptive.succeeded(inFlightAtStart);
                }
                end();
            }
        }

        /**
         * The service refused the call as overloaded (429, 503): the adaptive limit drops, at most once per round
         * trip.
         *
         * @return whether the limit is now lower than when this call started, so that sending it again as soon as
         *         the limit lets it is worth it; {@code false} with a fixed cap, or when the limit is already 1
         */
        public boolean overloaded() {
            if (!ended.compareAndSet(0, 1)) {
                return false;
            }
            boolean lower = adaptive != null && adaptive.overloaded(epoch);
            end();
            return lower;
        }

        /** The call ended in a way that says nothing about the service's capacity (a timeout, a 400, a cancel). */
        public void release() {
            if (ended.compareAndSet(0, 1)) {
                end();
            }
        }
    }
}
