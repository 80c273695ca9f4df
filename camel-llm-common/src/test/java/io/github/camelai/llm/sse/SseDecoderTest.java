package io.github.camelai.llm.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseDecoderTest {

    /**
     * A chat-completion stream as an OpenAI-compatible server sends it, with a keep-alive comment, a named
     * event, mixed LF / CRLF / CR line ends and multi-byte UTF-8 in the deltas.
     */
    private static final String RECORDED_STREAM = ""
            + ": keep-alive\n"
            + "\n"
            + "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
            + "\"model\":\"llama-3.1-8b\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"finish_reason\":null}]}\r\n"
            + "\r\n"
            + "data: {\"id\":\"chatcmpl-9x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Merhaba dünya, çağrı \"},\"finish_reason\":null}]}\n"
            + "\n"
            + "event: message\r\n"
            + "id: 42\r\n"
            + "data: {\"id\":\"chatcmpl-9x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ğüşöç 😀 \"},"
            + "\"finish_reason\":null}]}\r\n"
            + "\r\n"
            + "data: {\"id\":\"chatcmpl-9x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"日本語 — ok\"},\r"
            + "data: \"finish_reason\":null}]}\r"
            + "\r"
            + ":comment in the middle 😀\n"
            + "data: {\"id\":\"chatcmpl-9x\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}\n"
            + "\n"
            + "data: [DONE]\n"
            + "\n";

    private static List<SseEvent> decode(String text) {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        decoder.feed(ByteBuffer.wrap(utf8(text)));
        decoder.finish();
        return events;
    }

    private static void feed(SseDecoder decoder, String text) {
        byte[] bytes = utf8(text);
        decoder.feed(bytes, 0, bytes.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void singleEvent() {
        List<SseEvent> events = decode("data: hello\n\n");
        assertEquals(List.of(new SseEvent(null, "hello", null)), events);
        assertFalse(events.get(0).isDone());
    }

    @Test
    void multipleDataLinesAreJoinedWithNewlines() {
        assertEquals(List.of(new SseEvent(null, "a\nb\n\nc", null)),
                decode("data: a\ndata:b\ndata\ndata: c\n\n"));
    }

    @Test
    void onlyOneLeadingSpaceIsStripped() {
        assertEquals(List.of(new SseEvent(null, " two spaces", null), new SseEvent(null, "", null)),
                decode("data:  two spaces\n\ndata:\n\n"));
    }

    @Test
    void eventNamesAndIds() {
        List<SseEvent> events = decode("event: response.output_text.delta\n"
                                       + "id: 7\n"
                                       + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n"
                                       + "\n"
                                       + "data: no name\n"
                                       + "\n"
                                       + "event: response.completed\n"
                                       + "id\n"
                                       + "data: {}\n"
                                       + "\n");
        assertEquals(List.of(
                new SseEvent("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}",
                        "7"),
                // the event type resets after dispatch, the last event ID persists
                new SseEvent(null, "no name", "7"),
                new SseEvent("response.completed", "{}", null)), events);
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        assertEquals(List.of(new SseEvent(null, "x", null)),
                decode(": this is a comment\n:\nretry: 1000\nfoo: bar\ndata: x\n: another\n\n"));
    }

    @Test
    void idContainingNulIsIgnored() {
        assertEquals(List.of(new SseEvent(null, "x", "1")), decode("id: 1\nid: a\u0000b\ndata: x\n\n"));
    }

    @Test
    void lfCrAndCrlfLineEnds() {
        List<SseEvent> expected = List.of(new SseEvent("e", "a\nb", null), new SseEvent(null, "c", null));
        assertEquals(expected, decode("event: e\ndata: a\ndata: b\n\ndata: c\n\n"));
        assertEquals(expected, decode("event: e\rdata: a\rdata: b\r\rdata: c\r\r"));
        assertEquals(expected, decode("event: e\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"));
        assertEquals(expected, decode("event: e\r\ndata: a\rdata: b\n\r\ndata: c\r\r\n"));
    }

    @Test
    void crlfSplitAcrossFeedsIsOneLineEnd() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        feed(decoder, "data: a\r");
        feed(decoder, "\ndata: b\r");
        assertTrue(events.isEmpty(), "a CRLF split across feeds must not count as two line ends");
        feed(decoder, "\n\r");
        assertEquals(List.of(new SseEvent(null, "a\nb", null)), events, "a lone CR ends the blank line");
        feed(decoder, "\ndata: c\r\n\r\n");
        decoder.finish();
        assertEquals(List.of(new SseEvent(null, "a\nb", null), new SseEvent(null, "c", null)), events);
    }

    @Test
    void lfAfterCrInNextFeedAfterEmptyFeed() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        feed(decoder, "data: a\r");
        decoder.feed(new byte[0], 0, 0);
        feed(decoder, "\n\r\n");
        assertEquals(List.of(new SseEvent(null, "a", null)), events);
    }

    @Test
    void multiByteUtf8SplitAcrossFeeds() {
        for (String text : List.of("ğ", "😀", "日", "a😀ğb")) {
            byte[] bytes = utf8("data: " + text + "\n\n");
            int start = 6; // first byte of the text
            for (int cut = start + 1; cut < start + utf8(text).length; cut++) {
                List<SseEvent> events = new ArrayList<>();
                SseDecoder decoder = new SseDecoder(events::add);
                decoder.feed(bytes, 0, cut);
                decoder.feed(bytes, cut, bytes.length - cut);
                assertEquals(List.of(new SseEvent(null, text, null)), events, "cut at " + cut + " for " + text);
            }
        }
    }

    @Test
    void doneMarker() {
        List<SseEvent> events = decode("data: {\"x\":1}\n\ndata: [DONE]\n\n");
        assertEquals(2, events.size());
        assertFalse(events.get(0).isDone());
        assertTrue(events.get(1).isDone());
        assertFalse(new SseEvent(null, " [DONE]", null).isDone());
    }

    @Test
    void finishDispatchesLastEventWithoutBlankLine() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        decoder.feed(ByteBuffer.wrap(utf8("data: one\n\ndata: two\ndata: [DONE]")));
        assertEquals(List.of(new SseEvent(null, "one", null)), events);
        decoder.finish();
        assertEquals(List.of(new SseEvent(null, "one", null), new SseEvent(null, "two\n[DONE]", null)), events);
        decoder.finish();
        assertEquals(2, events.size(), "finish is idempotent");
        assertThrows(IllegalStateException.class, () -> decoder.feed(new byte[1], 0, 1));
    }

    @Test
    void finishAfterTerminatedLineWithoutBlankLine() {
        assertEquals(List.of(new SseEvent("x", "last", null)), decode("event: x\ndata: last\n"));
        assertEquals(List.of(new SseEvent(null, "last", null)), decode("data: last\r"));
    }

    @Test
    void noDispatchWithoutData() {
        assertTrue(decode("\n\n\r\n\r\r\n").isEmpty());
        assertTrue(decode("").isEmpty());
        assertTrue(decode("event: ping\n\nid: 3\n\n: c\n\n").isEmpty());
        // an event without data must not leak its name into the next one
        assertEquals(List.of(new SseEvent(null, "d", null)), decode("event: ping\n\ndata: d\n\n"));
    }

    @Test
    void byteOrderMarkAtStreamStartIsSkipped() {
        assertEquals(List.of(new SseEvent(null, "x", null)), decode("\uFEFFdata: x\n\n"));
        // the mark only counts at the very start; later it is part of the field name
        assertTrue(decode("\n\uFEFFdata: x\n\n").isEmpty());

        byte[] bytes = utf8("\uFEFFdata: x\n\n");
        for (int cut = 1; cut <= 3; cut++) {
            List<SseEvent> events = new ArrayList<>();
            SseDecoder decoder = new SseDecoder(events::add);
            decoder.feed(bytes, 0, cut);
            decoder.feed(bytes, cut, bytes.length - cut);
            assertEquals(List.of(new SseEvent(null, "x", null)), events, "cut at " + cut);
        }
    }

    @Test
    void maxLineGuard() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add, 16);
        decoder.feed(ByteBuffer.wrap(utf8("data: 0123456789\n\n"))); // exactly 16 bytes: accepted
        assertEquals(1, events.size());

        decoder.feed(ByteBuffer.wrap(utf8("data: 01234")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decoder.feed(ByteBuffer.wrap(utf8("567890"))));
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid SSE"), e.getMessage());

        // a too-long line arriving complete in one feed is rejected too
        SseDecoder other = new SseDecoder(events::add, 16);
        assertThrows(IllegalStateException.class, () -> other.feed(ByteBuffer.wrap(utf8("data: 01234567890\n\n"))));
    }

    @Test
    void countersAndBufferPosition() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        byte[] bytes = utf8(RECORDED_STREAM);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 10);
        buffer.position(5);
        buffer.put(bytes);
        buffer.flip();
        buffer.position(5);
        decoder.feed(buffer);
        assertFalse(buffer.hasRemaining());
        decoder.finish();
        assertEquals(bytes.length, decoder.bytesSeen());
        assertEquals(events.size(), decoder.eventsDispatched());
    }

    @Test
    void recordedStreamDecodesAsExpected() {
        List<SseEvent> events = decode(RECORDED_STREAM);
        assertEquals(6, events.size());
        assertEquals("message", events.get(2).event());
        assertEquals("42", events.get(2).id());
        assertTrue(events.get(1).data().contains("Merhaba dünya, çağrı "));
        assertTrue(events.get(2).data().contains("ğüşöç 😀 "));
        assertTrue(events.get(3).data().contains("日本語 — ok\"},\n\"finish_reason\""));
        assertEquals("42", events.get(4).id());
        assertNull(events.get(4).event());
        assertTrue(events.get(5).isDone());
    }

    @Test
    void everyTwoWaySplitOfRecordedStreamGivesSameEvents() {
        byte[] bytes = utf8(RECORDED_STREAM);
        List<SseEvent> expected = decode(RECORDED_STREAM);
        for (int i = 0; i <= bytes.length; i++) {
            List<SseEvent> heap = new ArrayList<>();
            SseDecoder decoder = new SseDecoder(heap::add);
            decoder.feed(ByteBuffer.wrap(bytes, 0, i));
            decoder.feed(ByteBuffer.wrap(bytes, i, bytes.length - i));
            decoder.finish();
            assertEquals(expected, heap, "heap buffers split at byte " + i);

            List<SseEvent> direct = new ArrayList<>();
            SseDecoder directDecoder = new SseDecoder(direct::add);
            directDecoder.feed(directCopy(bytes, 0, i));
            directDecoder.feed(directCopy(bytes, i, bytes.length - i));
            directDecoder.finish();
            assertEquals(expected, direct, "direct buffers split at byte " + i);
        }
    }

    @Test
    void oneByteAtATimeGivesSameEvents() {
        byte[] bytes = utf8(RECORDED_STREAM);
        List<SseEvent> expected = decode(RECORDED_STREAM);
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add);
        for (int i = 0; i < bytes.length; i++) {
            decoder.feed(bytes, i, 1);
        }
        decoder.finish();
        assertEquals(expected, events);
        assertEquals(bytes.length, decoder.bytesSeen());
    }

    private static ByteBuffer directCopy(byte[] bytes, int off, int len) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(len);
        buffer.put(bytes, off, len);
        buffer.flip();
        return buffer;
    }
}
