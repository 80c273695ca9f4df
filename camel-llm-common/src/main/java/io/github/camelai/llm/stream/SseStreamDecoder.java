package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.github.camelai.llm.error.BodyPreview;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.sse.SseEvent;

/**
 * {@link SseDecoder} as a {@link StreamDecoder}: strict about UTF-8, one event bounded by
 * {@link SseDecoder#DEFAULT_MAX_LINE_BYTES}, and a body that ends without a single event fails (with its first
 * bytes quoted) instead of passing as an empty answer.
 */
public final class SseStreamDecoder implements StreamDecoder<SseEvent> {

    private final SseDecoder decoder;
    private final String status;
    private final String contentType;
    private final byte[] head = new byte[BodyPreview.MAX_BYTES];
    private int headLength;
    private Consumer<SseEvent> target;

    public SseStreamDecoder() {
        this(null, "text/event-stream");
    }

    /**
     * @param status      the answer's status, for error messages (may be null)
     * @param contentType the answer's content type, for error messages (may be null)
     */
    SseStreamDecoder(String status, String contentType) {
        this.decoder = new SseDecoder(event -> target.accept(event), SseDecoder.DEFAULT_MAX_LINE_BYTES, true);
        this.status = status;
        this.contentType = contentType;
    }

    @Override
    public void feed(ByteBuffer data, Consumer<SseEvent> out) {
        target = out;
        if (headLength < head.length && decoder.eventsDispatched() == 0) {
            int take = Math.min(data.remaining(), head.length - headLength);
            data.get(data.position(), head, headLength, take);
            headLength += take;
        }
        decoder.feed(data);
    }

    @Override
    public void finish(Consumer<SseEvent> out) {
        target = out;
        decoder.finish();
        if (decoder.eventsDispatched() == 0) {
            throw new LlmException("A streamed call was answered with " + StreamAnswerDecoders.describe(status, contentType)
                                   + " whose body holds no event (" + decoder.bytesSeen() + " bytes); first bytes: "
                                   + (headLength == 0 ? "none" : BodyPreview.of(head, (int) Math.min(Integer.MAX_VALUE,
                                           decoder.bytesSeen()))));
        }
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
