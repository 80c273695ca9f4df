package io.github.camelai.llm.support;

import org.apache.camel.Message;

/**
 * Times a streamed answer from the moment its request goes out to its first answer text: the latency a reader of
 * the stream waits before anything shows. Created when the request is sent; marked on the I/O thread as chunks are
 * folded, read on the continuation thread once the stream has ended.
 */
public final class FirstTokenClock {

    private final long start = System.nanoTime();
    // written on the I/O thread, read where the exchange continues
    private volatile long first = -1;

    /** Marks that answer text arrived; only the first mark counts. */
    public void textArrived() {
        if (first < 0) {
            first = System.nanoTime();
        }
    }

    /** Milliseconds from the request to the first answer text; -1 when no text arrived. */
    public long millis() {
        return first < 0 ? -1 : (first - start) / 1_000_000L;
    }

    /** Sets the time-to-first-token header on {@code out}, unless no answer text arrived. */
    public void setHeader(Message out, LlmHeaders headers) {
        long millis = millis();
        if (millis >= 0) {
            out.setHeader(headers.name(LlmHeaders.TIME_TO_FIRST_TOKEN), millis);
        }
    }
}
