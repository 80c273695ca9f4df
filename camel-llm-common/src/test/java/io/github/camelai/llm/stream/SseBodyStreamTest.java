package io.github.camelai.llm.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SseBodyStreamTest {

    @Test
    void eachChunkIsOneDataEventThenDone() throws IOException {
        AtomicInteger closed = new AtomicInteger();
        SseBodyStream in = new SseBodyStream(List.of(Map.of("text", "Hel"), Map.of("text", "lo\nworld")).iterator(),
                closed::incrementAndGet);
        byte[] buf = new byte[4096];
        // one event per read, even with room for more: a server copying the stream sends each as it comes
        assertEquals("data: {\"text\":\"Hel\"}\n\n", new String(buf, 0, in.read(buf), StandardCharsets.UTF_8));
        assertEquals("data: {\"text\":\"lo\\nworld\"}\n\n", new String(buf, 0, in.read(buf), StandardCharsets.UTF_8));
        assertEquals("data: [DONE]\n\n", new String(buf, 0, in.read(buf), StandardCharsets.UTF_8));
        assertEquals(-1, in.read(buf));
        in.close();
        in.close();
        assertEquals(1, closed.get());
        assertThrows(IOException.class, () -> in.read(buf));
    }

    @Test
    void smallReadsGetTheSameBytes() throws IOException {
        SseBodyStream in = new SseBodyStream(List.of(Map.of("a", 1)).iterator(), () -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
        }
        assertEquals("data: {\"a\":1}\n\ndata: [DONE]\n\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenStreamEndsWithAnErrorEventAndNoDone() throws IOException {
        Iterator<Object> broken = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                if (i++ == 1) {
                    throw new IllegalStateException("connection closed after 1 event");
                }
                return true;
            }

            @Override
            public Object next() {
                return Map.of("text", "Hel");
            }
        };
        String all = new String(new SseBodyStream(broken, () -> { }).readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("data: {\"text\":\"Hel\"}\n\n"
                     + "data: {\"error\":{\"message\":\"connection closed after 1 event\",\"type\":\"IllegalStateException\"}}\n\n",
                all);
    }
}
