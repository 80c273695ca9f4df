package io.github.camelai.component.baseten;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.http.StreamSubscriber;

/**
 * Collects a streamed {@code predict} answer on the I/O thread ({@code streamOutput=aggregate}): the whole text
 * when the answer is not SSE, the list of the events' data when it is. No thread waits while it streams.
 */
final class PredictStreamCollector implements StreamSubscriber {

    /** The collected answer. */
    record Result(boolean sse, String text, List<String> events, long firstPieceNanos) {
    }

    private final long start = System.nanoTime();
    private final Consumer<Result> onComplete;
    private final Consumer<Throwable> onError;
    private PredictStreamDecoder decoder;
    private StreamControl control;
    private final StringBuilder text = new StringBuilder();
    private final List<String> events = new ArrayList<>();
    private long firstPiece = -1;
    private boolean failed;

    PredictStreamCollector(Consumer<Result> onComplete, Consumer<Throwable> onError) {
        this.onComplete = onComplete;
        this.onError = onError;
    }

    @Override
    public void onOpen(int status, Function<String, String> headers, StreamControl control) {
        this.decoder = new PredictStreamDecoder(headers.apply("content-type"));
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
            add(decoder.feed(data));
        } catch (RuntimeException e) {
            failed = true;
            control.cancel();
            onError.accept(e);
            return;
        }
        control.release(n);
    }

    private void add(List<String> pieces) {
        if (!pieces.isEmpty() && firstPiece < 0) {
            firstPiece = System.nanoTime() - start;
        }
        for (String p : pieces) {
            if (decoder.isSse()) {
                events.add(p);
            } else {
                text.append(p);
            }
        }
    }

    @Override
    public void onComplete() {
        if (failed) {
            return;
        }
        if (decoder == null) {
            onComplete.accept(new Result(false, "", events, -1));
            return;
        }
        try {
            add(decoder.finish());
        } catch (RuntimeException e) {
            failed = true;
            onError.accept(e);
            return;
        }
        onComplete.accept(new Result(decoder.isSse(), text.toString(), events, firstPiece));
    }

    @Override
    public void onError(Throwable error) {
        if (failed) {
            return;
        }
        failed = true;
        onError.accept(decoder == null ? error : decoder.describe(error));
    }
}
