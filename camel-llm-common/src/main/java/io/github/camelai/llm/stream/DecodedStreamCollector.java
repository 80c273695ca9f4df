package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.util.function.Function;

import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.http.StreamSubscriber;

/**
 * Decodes a streamed answer into items and hands each to a handler on the I/O thread, releasing the bytes at
 * once: the way to fold a stream into one result ({@code streamOutput=aggregate}) without holding any thread.
 *
 * @param <T> the item type
 */
public class DecodedStreamCollector<T> implements StreamSubscriber {

    private final Function<Function<String, String>, StreamDecoder<T>> decoders;
    private final StreamItemHandler<T> handler;
    private StreamDecoder<T> decoder;
    private StreamControl control;
    private boolean failed;

    /**
     * @param decoders makes the decoder when the answer starts, from its response headers
     * @param handler  receives the items
     */
    public DecodedStreamCollector(Function<Function<String, String>, StreamDecoder<T>> decoders,
                                  StreamItemHandler<T> handler) {
        this.decoders = decoders;
        this.handler = handler;
    }

    @Override
    public void onOpen(int status, Function<String, String> headers, StreamControl control) {
        this.decoder = decoders.apply(name -> StreamAnswerDecoders.STATUS.equals(name) ? String.valueOf(status)
                : headers.apply(name));
        this.control = control;
    }

    @Override
    public void onData(ByteBuffer data) {
        if (failed) {
            data.position(data.limit());
            return;
        }
        int n = data.remaining();
        try {
            decoder.feed(data, this::deliver);
        } catch (HandlerFailure e) {
            abort(e.getCause());
            return;
        } catch (RuntimeException e) {
            abort(StreamErrors.decodeFailure(e, decoder));
            return;
        }
        control.release(n);
    }

    private void deliver(T item) {
        try {
            handler.onItem(item);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new HandlerFailure(e);
        }
    }

    private void abort(Throwable cause) {
        failed = true;
        control.cancel();
        handler.onError(cause);
    }

    @Override
    public void onComplete() {
        if (failed) {
            return;
        }
        try {
            if (decoder != null) {
                decoder.finish(this::deliver);
            }
        } catch (HandlerFailure e) {
            abort(e.getCause());
            return;
        } catch (RuntimeException e) {
            abort(StreamErrors.decodeFailure(e, decoder));
            return;
        }
        handler.onComplete();
    }

    @Override
    public void onError(Throwable error) {
        if (failed) {
            return;
        }
        failed = true;
        handler.onError(decoder == null ? error : StreamErrors.describe(error, decoder.bytesSeen(), decoder.itemsDecoded()));
    }

    /** Bytes of the answer decoded so far. */
    public long bytesSeen() {
        return decoder == null ? 0 : decoder.bytesSeen();
    }

    /** Items decoded so far. */
    public int itemsDecoded() {
        return decoder == null ? 0 : decoder.itemsDecoded();
    }

    /** Carries a handler's checked exception through the decoder. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
