package io.github.camelai.llm.stream;

import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.error.LlmStreamException;

/** Words a stream failure so the user learns how much had arrived. */
final class StreamErrors {

    private StreamErrors() {
    }

    /**
     * An error before any byte stays as it is (a 429 is still a rate-limit exception); one after bytes have
     * arrived becomes a {@link LlmStreamException} that says how much came, with the original as cause.
     */
    static Throwable describe(Throwable error, long bytes, int events) {
        if (bytes == 0 || error instanceof LlmApiException) {
            return error;
        }
        return new LlmStreamException(error.getMessage(), bytes, events, error);
    }
}
