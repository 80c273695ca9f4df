package io.github.camelai.llm.http;

/**
 * The reading side's handle on a streamed answer. Bytes handed to {@link StreamSubscriber#onData} count against
 * a fixed window until released; when the window is full the connection is paused (the HTTP client stops
 * reading the socket, and TCP pushes back on the server) instead of buffering without bound.
 */
public interface StreamControl {

    /** Gives back {@code bytes} of the window: they have been consumed. Thread-safe. */
    void release(int bytes);

    /**
     * Aborts the exchange and closes its connection. Thread-safe, idempotent. Unless the stream had already
     * ended, the subscriber then gets {@link StreamSubscriber#onError} (on the calling thread), so the stream
     * ends with one signal as always.
     */
    void cancel();
}
