package io.github.camelai.component.baseten;

import java.io.Closeable;
import java.nio.ByteBuffer;
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
 * The body of a streamed {@code predict} with {@code streamOutput=iterator}: a blocking iterator of the text
 * pieces of {@link PredictStreamDecoder}, read as they arrive. Bytes are given back to the connection's window
 * only when the reader takes the piece they made, so a slow route pauses the connection instead of growing a
 * buffer. {@link #close()} aborts the call; closing after the end is harmless.
 */
final class PredictStreamIterator implements StreamSubscriber, Iterator<String>, Closeable {

    private static final Object END = new Object();

    private record Piece(String text, int bytes) {
    }

    private record Failure(Throwable error) {
    }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile StreamControl control;
    private volatile boolean closed;
    private volatile PredictStreamDecoder decoder;
    private Object next;
    private boolean finished;

    @Override
    public void onOpen(int status, Function<String, String> headers, StreamControl control) {
        this.decoder = new PredictStreamDecoder(headers.apply("content-type"));
        this.control = control;
        if (closed) {
            control.cancel();
        }
        opened.complete(null);
    }

    /** Completes when the answer starts, or fails with the error that came before (a 4xx/5xx, a timeout). */
    CompletableFuture<Void> opened() {
        return opened;
    }

    /** True when the answer is server-sent events (each piece is an event's data). */
    boolean isSse() {
        return decoder != null && decoder.isSse();
    }

    @Override
    public void onData(ByteBuffer data) {
        int n = data.remaining();
        List<String> pieces;
        try {
            pieces = decoder.feed(data);
        } catch (RuntimeException e) {
            control.cancel();
            queue.add(new Failure(e));
            return;
        }
        if (pieces.isEmpty()) {
            control.release(n);
            return;
        }
        int last = pieces.size() - 1;
        for (int i = 0; i < last; i++) {
            queue.add(new Piece(pieces.get(i), 0));
        }
        queue.add(new Piece(pieces.get(last), n));
    }

    @Override
    public void onComplete() {
        if (decoder == null) {
            queue.add(END);
            return;
        }
        try {
            for (String p : decoder.finish()) {
                queue.add(new Piece(p, 0));
            }
        } catch (RuntimeException e) {
            queue.add(new Failure(e));
            return;
        }
        queue.add(END);
    }

    @Override
    public void onError(Throwable error) {
        if (!opened.isDone()) {
            opened.completeExceptionally(error);
        }
        PredictStreamDecoder d = decoder;
        queue.add(new Failure(d == null ? error : d.describe(error)));
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
            throw new LlmException("Interrupted while waiting for the next piece of the predict stream", e);
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
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The predict stream has ended");
        }
        Piece p = (Piece) next;
        next = null;
        StreamControl c = control;
        if (p.bytes() > 0 && c != null) {
            c.release(p.bytes());
        }
        return p.text();
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
    }
}
