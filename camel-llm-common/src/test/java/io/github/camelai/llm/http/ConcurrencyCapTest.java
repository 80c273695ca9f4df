package io.github.camelai.llm.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.SseEventIterator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LlmHttpClient keeps to its limiter: calls and streams, and streams closed early. */
class ConcurrencyCapTest {

    /** Counts requests in progress at the server: the count drops before the answer is written. */
    private static RawHttpServer countingServer(AtomicInteger current, AtomicInteger max, AtomicInteger served,
                                                long holdMs, boolean stream) throws Exception {
        return new RawHttpServer((req, socket, out) -> {
            int now = current.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            Thread.sleep(holdMs);
            served.incrementAndGet();
            current.decrementAndGet();
            if (stream) {
                RawHttpServer.writeSseHead(out);
                RawHttpServer.writeChunk(out, "data: " + req.path() + "\n\n");
                RawHttpServer.endChunks(out);
            } else {
                RawHttpServer.writeResponse(out, 200, "application/json", "{\"path\":\"" + req.path() + "\"}");
            }
        });
    }

    private static LlmHttpClient client(HttpClient5Transport transport, int cap) {
        return new LlmHttpClient("TestAI", transport, AuthProvider.fixed("k"),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                new ConcurrencyLimiter(cap), transport.timer());
    }

    @Test
    void tenCallsWithCapTwoNeverHaveMoreThanTwoAtTheServer() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        try (RawHttpServer server = countingServer(current, max, served, 300, false);
             HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults())) {
            LlmHttpClient client = client(transport, 2);
            List<CompletableFuture<LlmHttpResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(client.send(LlmHttpRequest.postJson(server.url("/call/" + i), "{}".getBytes())));
            }
            for (int i = 0; i < 10; i++) {
                assertEquals("{\"path\":\"/call/" + i + "\"}", calls.get(i).get(30, TimeUnit.SECONDS).bodyAsString());
            }
            assertEquals(10, served.get());
            assertEquals(2, max.get(), "the most calls the server saw at once");
        }
    }

    @Test
    void streamsHoldTheirSlotUntilTheyEnd() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        try (RawHttpServer server = countingServer(current, max, served, 100, true);
             HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults())) {
            LlmHttpClient client = client(transport, 2);
            List<SseEventIterator> streams = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SseEventIterator events = new SseEventIterator();
                client.stream(LlmHttpRequest.postJson(server.url("/s/" + i), "{}".getBytes()), events);
                streams.add(events);
            }
            for (int i = 0; i < 6; i++) {
                SseEventIterator events = streams.get(i);
                events.opened().get(30, TimeUnit.SECONDS);
                SseEvent e = events.next();
                assertEquals("/s/" + i, e.data());
                assertFalse(events.hasNext());
            }
            assertEquals(6, served.get());
            assertTrue(max.get() <= 2, "at most 2 at once, saw " + max.get());
        }
    }

    @Test
    void aStreamClosedEarlyByItsReaderGivesItsSlotBack() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (RawHttpServer server = new RawHttpServer((req, socket, out) -> {
            calls.incrementAndGet();
            RawHttpServer.writeSseHead(out);
            for (int i = 0; i < 3000; i++) {
                RawHttpServer.writeChunk(out, "data: " + req.path() + " " + i + "\n\n");
                Thread.sleep(10);
            }
        }); HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults())) {
            LlmHttpClient client = client(transport, 1);
            for (int i = 0; i < 3; i++) {
                SseEventIterator events = new SseEventIterator();
                client.stream(LlmHttpRequest.postJson(server.url("/s" + i), "{}".getBytes()), events);
                events.opened().get(10, TimeUnit.SECONDS);
                assertEquals("/s" + i + " 0", events.next().data());
                events.close();
            }
            assertEquals(3, calls.get());
        }
    }
}
