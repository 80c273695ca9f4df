package io.github.camelai.component.baseten;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelai.llm.error.LlmBadRequestException;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.http.StreamControl;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The predict stream pieces: UTF-8 split across reads, SSE, flow control, failures. */
class PredictStreamTest {

    private static final class Control implements StreamControl {
        final AtomicInteger released = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void release(int bytes) {
            released.addAndGet(bytes);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    @Test
    void textSplitInsideCharactersComesOutWhole() {
        String text = "Köln → 東京 😀 end";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        PredictStreamDecoder d = new PredictStreamDecoder("text/plain");
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            for (String piece : d.feed(ByteBuffer.wrap(new byte[] { b }))) {
                out.append(piece);
            }
        }
        d.finish().forEach(out::append);
        assertEquals(text, out.toString());
        assertFalse(d.isSse());
    }

    @Test
    void sseDataAcrossReads() {
        PredictStreamDecoder d = new PredictStreamDecoder("text/event-stream; charset=utf-8");
        assertTrue(d.isSse());
        List<String> all = new ArrayList<>();
        all.addAll(d.feed(ByteBuffer.wrap("data: {\"a\":".getBytes(StandardCharsets.UTF_8))));
        assertTrue(all.isEmpty());
        all.addAll(d.feed(ByteBuffer.wrap("1}\n\ndata:\n\ndata: [DONE]\n\ndata: tail".getBytes(StandardCharsets.UTF_8))));
        all.addAll(d.finish());
        assertEquals(List.of("{\"a\":1}", "tail"), all);
    }

    @Test
    void iteratorReleasesBytesOnlyWhenTheReaderTakesThem() {
        PredictStreamIterator it = new PredictStreamIterator();
        Control control = new Control();
        it.onOpen(200, Map.of("content-type", "text/plain")::get, control);
        assertTrue(it.opened().isDone());
        it.onData(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));
        it.onData(ByteBuffer.wrap(new byte[] { (byte) 0xC3 })); // first half of 'é': no piece, released at once
        assertEquals(1, control.released.get());
        it.onData(ByteBuffer.wrap(new byte[] { (byte) 0xA9 }));
        it.onComplete();
        assertEquals("abc", it.next());
        assertEquals(4, control.released.get());
        assertEquals("é", it.next());
        assertEquals(5, control.released.get());
        assertFalse(it.hasNext());
        assertFalse(control.cancelled.get());
    }

    @Test
    void failureAfterBytesSaysHowMuchArrivedAndCloseCancels() {
        PredictStreamIterator it = new PredictStreamIterator();
        Control control = new Control();
        it.onOpen(200, Map.of("content-type", "text/event-stream")::get, control);
        it.onData(ByteBuffer.wrap("data: one\n\n".getBytes(StandardCharsets.UTF_8)));
        it.onError(new java.io.IOException("Connection reset"));
        assertEquals("one", it.next());
        LlmStreamException e = assertThrows(LlmStreamException.class, it::hasNext);
        assertEquals("Stream broke after receiving 11 bytes and 1 event: Connection reset", e.getMessage());
        it.close();
        assertTrue(control.cancelled.get());
    }

    @Test
    void errorBeforeOpeningFailsTheOpenedFuture() {
        PredictStreamIterator it = new PredictStreamIterator();
        LlmBadRequestException bad = new LlmBadRequestException("Baseten", 400, null, "bad input", null);
        it.onError(bad);
        assertTrue(it.opened().isCompletedExceptionally());
        assertSame(bad, assertThrows(LlmBadRequestException.class, it::hasNext));
    }

    @Test
    void collectorGathersTextOrEvents() {
        AtomicReference<PredictStreamCollector.Result> result = new AtomicReference<>();
        PredictStreamCollector c = new PredictStreamCollector(result::set, e -> {
            throw new AssertionError(e);
        });
        Control control = new Control();
        c.onOpen(200, Map.of("content-type", "application/octet-stream")::get, control);
        c.onData(ByteBuffer.wrap("part one, ".getBytes(StandardCharsets.UTF_8)));
        c.onData(ByteBuffer.wrap("part two".getBytes(StandardCharsets.UTF_8)));
        c.onComplete();
        assertEquals("part one, part two", result.get().text());
        assertFalse(result.get().sse());
        assertEquals(18, control.released.get());

        AtomicReference<Throwable> error = new AtomicReference<>();
        PredictStreamCollector broken = new PredictStreamCollector(r -> {
            throw new AssertionError("completed");
        }, error::set);
        broken.onOpen(200, Map.of("content-type", "text/event-stream")::get, new Control());
        broken.onData(ByteBuffer.wrap("data: x\n\n".getBytes(StandardCharsets.UTF_8)));
        broken.onError(new java.io.IOException("reset"));
        assertInstanceOf(LlmStreamException.class, error.get());
    }
}
