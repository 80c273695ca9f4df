package io.github.camelai.llm.concurrency;

/**
 * How many calls an endpoint may have in flight when the service, not the user, sets the bound: additive
 * increase, multiplicative decrease (AIMD), as TCP finds a path's capacity.
 * <ul>
 * <li>An overload answer (429, 503) multiplies the limit by {@link #DECREASE}. Calls that were already on their way
 * when the limit last dropped say nothing new, so a burst of refusals from one round trip lowers it once, not once
 * per refusal: a drop counts only from a call that started after the last one.</li>
 * <li>A run of clean answers as long as the limit (about one round trip at full use) raises it by one.</li>
 * <li>Until the first overload, and again when overloads have pressed it to 1, each clean answer raises it by one
 * (the limit doubles per round trip: slow start). Starting low and doubling finds a service's capacity in a few
 * round trips without sending it a whole burst first.</li>
 * <li>It only rises while the endpoint uses at least half of it: an idle endpoint learns nothing about the
 * service, and its limit must not drift to the ceiling unproven.</li>
 * </ul>
 * It stays within [1, ceiling]. Thread-safe; one lock, taken once per finished call.
 */
public final class AdaptiveLimit {

    /** Where the limit starts (or the ceiling, when lower). */
    public static final int INITIAL = 8;
    /** The factor an overload multiplies the limit by: halving, as TCP does, keeps refusals rare. */
    public static final double DECREASE = 0.5;

    private final int ceiling;
    private final double decrease;
    private volatile int limit;
    // counts the decreases: a call remembers the value it started under, to tell old news from new
    private volatile long epoch;
    private boolean slowStart = true;
    private int cleanRun;

    /** @param ceiling the highest the limit may go; {@code <= 0} means no ceiling */
    public AdaptiveLimit(int ceiling) {
        this(ceiling, INITIAL, DECREASE);
    }

    AdaptiveLimit(int ceiling, int initial, double decrease) {
        if (initial < 1 || !(decrease > 0 && decrease < 1)) {
            throw new IllegalArgumentException("initial must be at least 1 and decrease within (0, 1), got " + initial
                                               + " and " + decrease);
        }
        this.ceiling = ceiling > 0 ? ceiling : Integer.MAX_VALUE;
        this.decrease = decrease;
        this.limit = Math.min(this.ceiling, initial);
    }

    /** The calls allowed in flight now. */
    public int current() {
        return limit;
    }

    /** The highest the limit may go; {@link Integer#MAX_VALUE} when there is none. */
    public int ceiling() {
        return ceiling;
    }

    /** Changes with every decrease; a call notes it when it starts and hands it back to {@link #overloaded}. */
    public long epoch() {
        return epoch;
    }

    /**
     * A clean answer to a call that started with {@code inFlightAtStart} calls in flight (itself included).
     */
    public synchronized void succeeded(int inFlightAtStart) {
        if (limit >= ceiling || inFlightAtStart * 2 < limit) {
            return;
        }
        if (slowStart) {
            limit++;
            return;
        }
        if (++cleanRun >= limit) {
            cleanRun = 0;
            limit++;
        }
    }

    /**
     * An overload answer to a call that started under {@code startEpoch}.
     *
     * @return whether the limit is now lower than when that call started (it just dropped, or had dropped since):
     *         the call may be sent again as soon as the lower limit lets it. {@code false} when the limit was
     *         already at 1 and could not drop: the caller should wait before sending again.
     */
    public synchronized boolean overloaded(long startEpoch) {
        if (startEpoch != epoch) {
            return true;
        }
        cleanRun = 0;
        if (limit <= 1) {
            // pressed to the floor: when the service recovers, find its capacity again at slow start's pace
            slowStart = true;
            return false;
        }
        slowStart = false;
        limit = Math.max(1, (int) (limit * decrease));
        epoch++;
        return true;
    }

    @Override
    public String toString() {
        return "AdaptiveLimit[limit=" + limit + ", ceiling=" + (ceiling == Integer.MAX_VALUE ? "none" : ceiling) + "]";
    }
}
