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
import io.github.camelai.llm.stream.DecodedStreamCollector;
import io.github.camelai.llm.stream.DecodedStreamIterator;
import io.github.camelai.llm.stream.StreamItemHandler;
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
            d.feed(ByteBuffer.wrap(new byte[] { b }), out::append);
        }
        d.finish(out::append);
        assertEquals(text, out.toString());
        assertFalse(d.isSse());
    }

    @Test
    void sseDataAcrossReads() {
        PredictStreamDecoder d = new PredictStreamDecoder("text/event-stream; charset=utf-8");
        assertTrue(d.isSse());
        List<String> all = new ArrayList<>();
        d.feed(ByteBuffer.wrap("data: {\"a\":".getBytes(StandardCharsets.UTF_8)), all::add);
        assertTrue(all.isEmpty());
        d.feed(ByteBuffer.wrap("1}\n\ndata:\n\ndata: [DONE]\n\ndata: tail".getBytes(StandardCharsets.UTF_8)), all::add);
        d.finish(all::add);
        assertEquals(List.of("{\"a\":1}", "tail"), all);
    }

    @Test
    void iteratorReleasesBytesOnlyWhenTheReaderTakesThem() {
        DecodedStreamIterator<String> it = iterator();
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
        DecodedStreamIterator<String> it = iterator();
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
        DecodedStreamIterator<String> it = iterator();
        LlmBadRequestException bad = new LlmBadRequestException("Baseten", 400, null, "bad input", null);
        it.onError(bad);
        assertTrue(it.opened().isCompletedExceptionally());
        assertSame(bad, assertThrows(LlmBadRequestException.class, it::hasNext));
    }

    @Test
    void collectorGathersPiecesAndReleasesAtOnce() {
        List<String> pieces = new ArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        DecodedStreamCollector<String> c = collector(pieces, completed, e -> {
            throw new AssertionError(e);
        });
        Control control = new Control();
        c.onOpen(200, Map.of("content-type", "application/octet-stream")::get, control);
        c.onData(ByteBuffer.wrap("part one, ".getBytes(StandardCharsets.UTF_8)));
        c.onData(ByteBuffer.wrap("part two".getBytes(StandardCharsets.UTF_8)));
        c.onComplete();
        assertEquals("part one, part two", String.join("", pieces));
        assertTrue(completed.get());
        assertEquals(18, control.released.get());

        AtomicReference<Throwable> error = new AtomicReference<>();
        DecodedStreamCollector<String> broken = collector(new ArrayList<>(), new AtomicBoolean(), error::set);
        broken.onOpen(200, Map.of("content-type", "text/event-stream")::get, new Control());
        broken.onData(ByteBuffer.wrap("data: x\n\n".getBytes(StandardCharsets.UTF_8)));
        broken.onError(new java.io.IOException("reset"));
        assertInstanceOf(LlmStreamException.class, error.get());
    }

    private static DecodedStreamIterator<String> iterator() {
        return new DecodedStreamIterator<>(headers -> new PredictStreamDecoder(headers.apply("content-type")));
    }

    private static DecodedStreamCollector<String> collector(List<String> pieces, AtomicBoolean completed,
                                                            java.util.function.Consumer<Throwable> onError) {
        return new DecodedStreamCollector<>(headers -> new PredictStreamDecoder(headers.apply("content-type")),
                new StreamItemHandler<>() {
                    @Override
                    public void onItem(String item) {
                        pieces.add(item);
                    }

                    @Override
                    public void onComplete() {
                        completed.set(true);
                    }

                    @Override
                    public void onError(Throwable e) {
                        onError.accept(e);
                    }
                });
    }
}
