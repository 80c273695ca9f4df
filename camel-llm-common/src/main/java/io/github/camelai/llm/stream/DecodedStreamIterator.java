package io.github.camelai.llm.stream;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.http.StreamSubscriber;

/**
 * A streamed answer as a blocking iterator of items, for the thread that reads it (a splitter). Items are
 * decoded on the I/O thread as bytes arrive; their bytes are given back to the transport's window only when the
 * reader takes them, so a slow reader pauses the connection instead of growing a buffer. {@link #close()} aborts
 * the exchange; closing after the end is harmless.
 *
 * @param <T> the item type
 */
public class DecodedStreamIterator<T> implements StreamSubscriber, Iterator<T>, Closeable {

    private static final Object END = new Object();

    private record Queued(Object item, int bytes) {
    }

    private record Failure(Throwable error) {
    }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Function<Function<String, String>, StreamDecoder<T>> decoders;
    private volatile StreamDecoder<T> decoder;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile StreamControl control;
    private volatile boolean closed;
    private Object next;
    private boolean finished;
    // items decoded from the current feed; touched on the I/O thread only
    private final List<T> batch = new ArrayList<>();

    /**
     * @param decoders makes the decoder when the answer starts, from its response headers (a decoder may depend
     *                 on the content type)
     */
    public DecodedStreamIterator(Function<Function<String, String>, StreamDecoder<T>> decoders) {
        this.decoders = decoders;
    }

    @Override
    public void onOpen(int status, Function<String, String> headers, StreamControl control) {
        this.decoder = decoders.apply(name -> StreamAnswerDecoders.STATUS.equals(name) ? String.valueOf(status)
                : headers.apply(name));
        this.control = control;
        if (closed) {
            control.cancel();
        }
        opened.complete(null);
    }

    /**
     * Completes when the answer starts (2xx, body streaming), or fails with the error that came before: the
     * moment to hand the iterator to the route.
     */
    public CompletableFuture<Void> opened() {
        return opened;
    }

    @Override
    public void onData(ByteBuffer data) {
        int n = data.remaining();
        batch.clear();
        try {
            decoder.feed(data, batch::add);
        } catch (RuntimeException e) {
            control.cancel();
            queue.add(new Failure(StreamErrors.decodeFailure(e, decoder)));
            return;
        }
        if (batch.isEmpty()) {
            // bytes of a line still incomplete: the decoder holds them (bounded by its line limit), not the queue
            control.release(n);
            return;
        }
        // the whole feed is charged to its last event: released when the reader gets that far
        int last = batch.size() - 1;
        for (int i = 0; i < last; i++) {
            queue.add(new Queued(batch.get(i), 0));
        }
        queue.add(new Queued(batch.get(last), n));
    }

    @Override
    public void onComplete() {
        batch.clear();
        try {
            if (decoder != null) {
                decoder.finish(batch::add);
            }
        } catch (RuntimeException e) {
            queue.add(new Failure(StreamErrors.decodeFailure(e, decoder)));
            return;
        }
        for (T item : batch) {
            queue.add(new Queued(item, 0));
        }
        queue.add(END);
    }

    @Override
    public void onError(Throwable error) {
        if (!opened.isDone()) {
            opened.completeExceptionally(error);
        }
        StreamDecoder<T> d = decoder;
        queue.add(new Failure(d == null ? error : StreamErrors.describe(error, d.bytesSeen(), d.itemsDecoded())));
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LlmException("Interrupted while waiting for the next streamed item", e);
        }
        if (item == END) {
            finished = true;
            return false;
        }
        if (item instanceof Failure f) {
            finished = true;
            Throwable error = f.error();
            throw error instanceof RuntimeException re ? re : new LlmException(error.getMessage(), error);
        }
        next = item;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The stream has ended");
        }
        Queued q = (Queued) next;
        next = null;
        StreamControl c = control;
        if (q.bytes() > 0 && c != null) {
            c.release(q.bytes());
        }
        return (T) q.item();
    }

    /** Bytes of the answer decoded so far. */
    public long bytesSeen() {
        StreamDecoder<T> d = decoder;
        return d == null ? 0 : d.bytesSeen();
    }

    /** Items decoded so far. */
    public int itemsDecoded() {
        StreamDecoder<T> d = decoder;
        return d == null ? 0 : d.itemsDecoded();
    }

    /** Whether the reader closed this iterator (its end is then no news about the answer). */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        finished = true;
        StreamControl c = control;
        if (c != null) {
            c.cancel();
        }
        queue.clear();
        // a reader blocked in hasNext() on another thread wakes up to the end
        queue.add(END);
    }
}
