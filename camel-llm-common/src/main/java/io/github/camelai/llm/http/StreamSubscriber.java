package io.github.camelai.llm.http;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Receives a streamed answer. All methods but {@link #onError} are called on the HTTP client's I/O thread, one
 * at a time, and must not block. Exactly one of {@link #onComplete} and {@link #onError} ends the stream (none
 * when the subscriber itself cancels it through {@link StreamControl#cancel()}). From
 * {@link LlmHttpClient#stream} a non-2xx answer never opens the stream: it arrives as {@link #onError} with a parsed
 * {@link io.github.camelai.llm.error.LlmApiException}; from {@link LlmTransport#stream} every answer opens.
 */
public interface StreamSubscriber {

    /** The answer's body starts (2xx only, from {@link LlmHttpClient}). {@code headers} reads response headers by name. */
    void onOpen(int status, Function<String, String> headers, StreamControl control);

    /** The next bytes; they count against the window until {@link StreamControl#release}d. */
    void onData(ByteBuffer data);

    void onComplete();

    void onError(Throwable error);
}
