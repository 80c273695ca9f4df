package io.github.camelai.component.baseten;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.camelai.llm.sse.SseDecoder;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.StreamDecoder;

/**
 * Turns the bytes of a streamed {@code predict} answer into pieces of text. A model's predict stream is whatever
 * the model emits: when the answer is {@code text/event-stream} each piece is the {@code data} of one event
 * ({@code [DONE]} and empty events skipped); otherwise each piece is the UTF-8 text that arrived, as it arrived
 * (a character split across two network reads is held back until it is whole). Not thread-safe: fed by one I/O
 * thread at a time.
 */
final class PredictStreamDecoder implements StreamDecoder<String> {

    private final boolean sse;
    private final SseDecoder sseDecoder;
    private final CharsetDecoder utf8;
    private final List<String> pieces = new ArrayList<>();
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private long bytes;
    private int count;

    PredictStreamDecoder(String contentType) {
        this.sse = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        if (sse) {
            this.sseDecoder = new SseDecoder(this::onEvent);
            this.utf8 = null;
        } else {
            this.sseDecoder = null;
            this.utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
        }
    }

    boolean isSse() {
        return sse;
    }

    private void onEvent(SseEvent event) {
        if (!event.isDone() && event.data() != null && !event.data().isEmpty()) {
            pieces.add(event.data());
        }
    }

    @Override
    public void feed(ByteBuffer data, Consumer<String> sink) {
        decode(data).forEach(sink);
    }

    @Override
    public void finish(Consumer<String> sink) {
        end().forEach(sink);
    }

    @Override
    public long bytesSeen() {
        return bytes;
    }

    @Override
    public int itemsDecoded() {
        return count;
    }

    /** Decodes the next bytes; returns the pieces they completed (possibly none). Consumes {@code data}. */
    private List<String> decode(ByteBuffer data) {
        pieces.clear();
        bytes += data.remaining();
        if (sse) {
            sseDecoder.feed(data);
        } else {
            ByteBuffer in;
            if (carry.hasRemaining()) {
                in = ByteBuffer.allocate(carry.remaining() + data.remaining());
                in.put(carry).put(data).flip();
            } else {
                in = data;
            }
            CharBuffer out = CharBuffer.allocate((int) (in.remaining() * 1.1) + 4);
            CoderResult r = utf8.decode(in, out, false);
            if (r.isError()) {
                try {
                    r.throwException();
                } catch (CharacterCodingException e) {
                    throw new IllegalStateException("The predict stream is not UTF-8 text", e);
                }
            }
            // what is left is the start of a character whose other bytes are still on the way
            carry = ByteBuffer.allocate(in.remaining());
            carry.put(in).flip();
            out.flip();
            if (out.hasRemaining()) {
                pieces.add(out.toString());
            }
        }
        count += pieces.size();
        return List.copyOf(pieces);
    }

    /** The pieces the end of the stream completes. */
    private List<String> end() {
        pieces.clear();
        if (sse) {
            sseDecoder.finish();
        } else if (carry.hasRemaining()) {
            CharBuffer out = CharBuffer.allocate(carry.remaining() + 4);
            utf8.decode(carry, out, true);
            utf8.flush(out);
            out.flip();
            if (out.hasRemaining()) {
                pieces.add(out.toString());
            }
        }
        count += pieces.size();
        return List.copyOf(pieces);
    }
}
