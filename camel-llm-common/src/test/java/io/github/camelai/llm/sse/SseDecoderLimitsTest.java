package io.github.camelai.llm.sse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseDecoderLimitsTest {

    @Test
    void anEventWhoseDataLinesNeverEndIsRefused() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add, 1024);
        byte[] line = ("data: " + "x".repeat(100) + "\n").getBytes(StandardCharsets.US_ASCII);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                decoder.feed(line, 0, line.length);
            }
        });
        assertTrue(e.getMessage().startsWith("SSE event data longer than the limit of 1024 characters"), e.getMessage());
        assertTrue(events.isEmpty());
    }

    @Test
    void manyDataLinesUpToTheLimitAreOneEvent() {
        List<SseEvent> events = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(events::add, 1024);
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sse.append("data: ").append("y".repeat(100)).append('\n');
        }
        sse.append('\n');
        byte[] b = sse.toString().getBytes(StandardCharsets.US_ASCII);
        decoder.feed(b, 0, b.length);
        assertEquals(1, events.size());
        assertEquals(9 * 100 + 8, events.get(0).data().length());
    }
}
