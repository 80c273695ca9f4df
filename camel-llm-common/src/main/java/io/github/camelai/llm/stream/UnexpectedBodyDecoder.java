package io.github.camelai.llm.stream;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.github.camelai.llm.error.BodyPreview;
import io.github.camelai.llm.error.LlmException;

/**
 * The answer to a streamed request is neither an event stream nor JSON (an HTML page from a proxy, plain text):
 * keeps its first bytes and fails the call with them, as soon as it has enough of them or the body ends.
 */
final class UnexpectedBodyDecoder<T> implements StreamDecoder<T> {

    private final String status;
    private final String contentType;
    private final byte[] head = new byte[BodyPreview.MAX_BYTES];
    private int length;
    private long seen;

    UnexpectedBodyDecoder(String status, String contentType) {
        this.status = status;
        this.contentType = contentType;
    }

    @Override
    public void feed(ByteBuffer data, Consumer<T> out) {
        int n = data.remaining();
        seen += n;
        int take = Math.min(n, head.length - length);
        data.get(head, length, take);
        data.position(data.limit());
        length += take;
        if (length == head.length) {
            throw failure();
        }
    }

    @Override
    public void finish(Consumer<T> out) {
        throw failure();
    }

    private LlmException failure() {
        return new LlmException("A streamed call was answered with " + StreamAnswerDecoders.describe(status, contentType)
                                + ", which is neither an event stream (text/event-stream) nor a JSON answer; first bytes: "
                                + (length == 0 ? "none" : BodyPreview.of(head, (int) Math.min(Integer.MAX_VALUE, seen))));
    }

    @Override
    public long bytesSeen() {
        return seen;
    }

    @Override
    public int itemsDecoded() {
        return 0;
    }
}
