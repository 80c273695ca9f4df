package io.github.camelai.llm.http;

import io.github.camelai.llm.error.LlmException;

/**
 * One call's attempts: when the first started, and how many failed as connection failures, which a failed call's
 * summary counts apart. Attempts run one after another, each scheduled once the previous one failed.
 */
final class CallAttempts {

    private final long start = System.nanoTime();
    private volatile int connectionFailures;

    /** Notes a failed attempt, retried or not. */
    void failed(Throwable error) {
        if (RetryPolicy.isConnectionFailure(error)) {
            connectionFailures++;
        }
    }

    /** The final failure of a retried call says how often, for how long and how it was tried. */
    Throwable summarize(Throwable error, int retriesDone) {
        if (retriesDone > 0 && error instanceof LlmException e) {
            e.withAttempts(retriesDone + 1, connectionFailures, (System.nanoTime() - start) / 1_000_000L);
        }
        return error;
    }
}
