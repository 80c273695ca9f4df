package io.github.camelai.llm.stream;

/**
 * Receives the decoded items of a streamed answer on the I/O thread, as they arrive. Must not block.
 *
 * @param <T> the item type
 */
public interface StreamItemHandler<T> {

    /** One item; an exception thrown here ends the stream with that exception. */
    void onItem(T item) throws Exception;

    void onComplete();

    void onError(Throwable error);
}
