package io.github.camelai.llm.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.camelai.llm.support.LlmJson;

/**
 * The body of a streamed call with {@code streamOutput=sse}: the chunks re-sent as server-sent events, one
 * {@code data: <chunk JSON>} event per chunk and a closing {@code data: [DONE]}, the shape OpenAI-compatible clients
 * (and a browser's {@code EventSource}) read. Each {@code read} hands over at most one event, and the next chunk is
 * only awaited when the reader asks for more, so an HTTP server that copies this stream to its client (platform-http
 * does) sends every event as the model produces it; nothing is buffered beyond the event being read.
 * <p>
 * A stream that breaks after it started cannot change the HTTP status any more: the failure is sent as a last event
 * {@code data: {"error":{"message":...,"type":...}}} (the shape OpenAI-compatible services use) without
 * {@code [DONE]}. Closing this stream before the end aborts the call upstream.
 */
public final class SseBodyStream extends InputStream {

    /** The media type of the events. */
    public static final String CONTENT_TYPE = "text/event-stream";

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Iterator<?> chunks;
    private final Closeable source;
    private ByteBuffer current = EMPTY;
    private boolean ended;
    private boolean closed;

    /**
     * @param chunks the chunks, read lazily; each becomes one event, written as JSON
     * @param source closed with this stream (aborts the call when it has not finished)
     */
    public SseBodyStream(Iterator<?> chunks, Closeable source) {
        this.chunks = chunks;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("The event stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (ended) {
                return -1;
            }
            current = ByteBuffer.wrap(nextEvent());
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** Blocks until the next chunk has arrived (or the stream ended) and encodes it. */
    private byte[] nextEvent() {
        try {
            if (chunks.hasNext()) {
                return event(LlmJson.write(chunks.next()));
            }
            ended = true;
            return DONE;
        } catch (RuntimeException e) {
            ended = true;
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            error.put("type", e.getClass().getSimpleName());
            return event(LlmJson.write(Map.of("error", error)));
        }
    }

    /** One {@code data:} event; JSON written by Jackson has no raw line breaks, so one line carries it. */
    private static byte[] event(byte[] json) {
        byte[] out = new byte[json.length + 8];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(json, 0, out, 6, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    @Override
    public int available() {
        return current.remaining();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
