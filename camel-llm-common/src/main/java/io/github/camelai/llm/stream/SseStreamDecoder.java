package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.sse.SseEvent;

/** {@link SseDecoder} as a {@link StreamDecoder}. */
public final class SseStreamDecoder implements StreamDecoder<SseEvent> {

    private final SseDecoder decoder;
    private Consumer<SseEvent> target;

    public SseStreamDecoder() {
        this.decoder = new SseDecoder(event -> target.accept(event));
    }

    @Override
    public void feed(ByteBuffer data, Consumer<SseEvent> out) {
        target = out;
        decoder.feed(data);
    }

    @Override
    public void finish(Consumer<SseEvent> out) {
        target = out;
        decoder.finish();
    }

    @Override
    public long bytesSeen() {
        return decoder.bytesSeen();
    }

    @Override
    public int itemsDecoded() {
        return decoder.eventsDispatched();
    }
}
