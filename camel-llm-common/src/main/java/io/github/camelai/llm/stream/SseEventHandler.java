package io.github.camelai.llm.stream;

import io.github.camelai.llm.sse.SseEvent;

/** Receives decoded server-sent events on the I/O thread, as they arrive. Must not block. */
public interface SseEventHandler {

    /** One event; an exception thrown here ends the stream with that exception. */
    void onEvent(SseEvent event) throws Exception;

    void onComplete();

    void onError(Throwable error);
}
