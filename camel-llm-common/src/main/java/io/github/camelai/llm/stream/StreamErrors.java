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

    /**
     * The decoder refused the bytes (an event over the size limit, invalid UTF-8, a body that is no stream): an
     * {@link io.github.camelai.llm.error.LlmException} stays as it is, anything else becomes a
     * {@link LlmStreamException} that says how much had arrived.
     */
    static RuntimeException decodeFailure(RuntimeException error, StreamDecoder<?> decoder) {
        if (error instanceof io.github.camelai.llm.error.LlmException || decoder == null) {
            return error;
        }
        return new LlmStreamException("The stream cannot be decoded: " + error.getMessage(), decoder.bytesSeen(),
                decoder.itemsDecoded(), error);
    }
}
