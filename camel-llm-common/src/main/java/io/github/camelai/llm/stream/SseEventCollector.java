package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.util.function.Function;

import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.http.StreamSubscriber;
import io.github.camelai.llm.sse.SseDecoder;

/**
 * Decodes a streamed answer into events and hands each to a handler on the I/O thread, releasing the bytes at
 * once: the way to fold a stream into one result ({@code streamOutput=aggregate}) without holding any thread.
 */
public final class SseEventCollector implements StreamSubscriber {

    private final SseEventHandler handler;
    private final SseDecoder decoder;
    private StreamControl control;
    private boolean failed;

    public SseEventCollector(SseEventHandler handler) {
        this.handler = handler;
        this.decoder = new SseDecoder(event -> {
            try {
                handler.onEvent(event);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            }
        });
    }

    @Override
    public void onOpen(int status, Function<String, String> headers, StreamControl control) {
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
            decoder.feed(data);
        } catch (HandlerFailure e) {
            abort(e.getCause());
            return;
        } catch (RuntimeException e) {
            abort(e);
            return;
        }
        control.release(n);
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
            decoder.finish();
        } catch (HandlerFailure e) {
            abort(e.getCause());
            return;
        } catch (RuntimeException e) {
            abort(e);
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
        handler.onError(StreamErrors.describe(error, decoder.bytesSeen(), decoder.eventsDispatched()));
    }

    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
