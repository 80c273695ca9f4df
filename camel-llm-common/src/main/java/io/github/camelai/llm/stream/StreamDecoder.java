package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Turns the bytes of a streamed answer into items (server-sent events, pieces of text) as they arrive. Fed from
 * one I/O thread at a time; not thread-safe.
 *
 * @param <T> the item type
 */
public interface StreamDecoder<T> {

    /** Decodes all of {@code data}, handing each item it completes to {@code out}. */
    void feed(ByteBuffer data, Consumer<T> out);

    /** The stream has ended: hands over what the last bytes complete. */
    void finish(Consumer<T> out);

    /** Bytes fed so far (for error messages that say how much had arrived). */
    long bytesSeen();

    /** Items decoded so far. */
    int itemsDecoded();
}
