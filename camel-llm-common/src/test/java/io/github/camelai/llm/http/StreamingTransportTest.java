package io.github.camelai.llm.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.error.LlmTimeoutException;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.DecodedStreamCollector;
import io.github.camelai.llm.stream.SseStreamDecoder;
import io.github.camelai.llm.stream.StreamItemHandler;
import io.github.camelai.llm.stream.SseEventIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The streaming path against a socket-level server the test controls byte by byte. */
class StreamingTransportTest {

    private static HttpClient5Transport transport;
    private RawHttpServer server;

    @BeforeAll
    static void startTransport() {
        transport = new HttpClient5Transport(TransportSettings.defaults());
    }

    @AfterAll
    static void stopTransport() {
        transport.close();
    }

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static LlmHttpClient client(Timeouts timeouts) {
        return new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Api-Key k"),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), timeouts,
                new ConcurrencyLimiter(0), transport.timer());
    }

    private static Timeouts idle(long streamIdleMs) {
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(streamIdleMs));
    }

    private SseEventIterator open(Timeouts timeouts) throws Exception {
        SseEventIterator events = new SseEventIterator();
        client(timeouts).stream(LlmHttpRequest.postJson(server.url("/v1/chat/completions"), "{\"stream\":true}".getBytes()),
                events);
        events.opened().get(30, TimeUnit.SECONDS);
        return events;
    }

    private static String event(String data) {
        return "data: " + data + "\n\n";
    }

    @Test
    void eventsReachTheReaderAsTheyArrive() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        AtomicBoolean secondWritten = new AtomicBoolean();
        server = new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            RawHttpServer.writeChunk(out, event("one"));
            // the second event is only written once the reader has the first (or after a long wait, which fails
            // the test below rather than hanging it)
            firstSeen.await(15, TimeUnit.SECONDS);
            secondWritten.set(true);
            RawHttpServer.writeChunk(out, event("two"));
            RawHttpServer.endChunks(out);
        });
        SseEventIterator events = open(idle(20_000));

        assertTrue(events.hasNext());
        assertEquals("one", events.next().data());
        assertFalse(secondWritten.get(), "event 1 must be handed over before event 2 is even written");
        firstSeen.countDown();
        assertEquals("two", events.next().data());
        assertFalse(events.hasNext());
    }

    @Test
    void requestLineAndHeadersOfAStream() throws Exception {
        List<RawHttpServer.Request> seen = new ArrayList<>();
        server = new RawHttpServer((req, socket, out) -> {
            seen.add(req);
            RawHttpServer.writeSseHead(out);
            RawHttpServer.writeChunk(out, event("[DONE]"));
            RawHttpServer.endChunks(out);
        });
        SseEventIterator events = open(idle(20_000));
        assertTrue(events.next().isDone());
        assertFalse(events.hasNext());
        RawHttpServer.Request req = seen.get(0);
        assertEquals("POST", req.method());
        assertEquals("/v1/chat/completions", req.path());
        assertEquals("Api-Key k", req.header("Authorization"));
        assertEquals("application/json", req.header("Content-Type"));
        assertEquals("{\"stream\":true}", new String(req.body(), StandardCharsets.UTF_8));
    }

    /**
     * The server streams 64 MB while the reader reads nothing: TCP back-pressure must stop the server after the
     * window plus socket buffers. The idle timeout (1 s) must not fire while we are the slow side (paused for
     * at least 2 s below). Then the
     * reader drains the whole stream, intact and in order.
     */
    @Test
    void slowReaderPausesTheConnectionAndStillGetsEverything() throws Exception {
        long total = 64L * 1024 * 1024;
        String payload = "x".repeat(1000);
        AtomicLong written = new AtomicLong();
        AtomicLong eventsWritten = new AtomicLong();
        server = new RawHttpServer((req, socket, out) -> {
            // the server's own send buffer is kept small (the kernel would let it grow to tcp_wmem's maximum, 4 MB
            // here, more on tuned hosts): what is measured is how much the client side takes in
            socket.setSendBufferSize(64 * 1024);
            RawHttpServer.writeSseHead(out);
            long n = 0;
            StringBuilder batch = new StringBuilder();
            while (written.get() < total) {
                batch.setLength(0);
                for (int i = 0; i < 16; i++) {
                    batch.append("id: ").append(n).append("\ndata: ").append(n).append(' ').append(payload).append("\n\n");
                    n++;
                }
                byte[] b = batch.toString().getBytes(StandardCharsets.US_ASCII);
                RawHttpServer.writeChunk(out, b);
                written.addAndGet(b.length);
                eventsWritten.set(n);
            }
            RawHttpServer.writeChunk(out, event("[DONE]"));
            RawHttpServer.endChunks(out);
        });
        SseEventIterator events = open(idle(1000));

        // wait until the server is stuck: no progress for a full second, so at least two seconds of not reading
        long last = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (written.get() != last && System.nanoTime() < deadline) {
            last = written.get();
            Thread.sleep(1000);
        }
        long stuckAt = written.get();
        System.out.println("flow control: the server could write " + stuckAt + " bytes before blocking");
        assertTrue(stuckAt < 8L * 1024 * 1024, "the server wrote " + stuckAt + " bytes into a reader that reads nothing");
        assertTrue(stuckAt < total);

        long expected = 0;
        while (events.hasNext()) {
            SseEvent e = events.next();
            if (e.isDone()) {
                break;
            }
            String prefix = expected + " ";
            if (!e.data().startsWith(prefix) || e.data().length() != prefix.length() + payload.length()
                || !String.valueOf(expected).equals(e.id())) {
                fail("event " + expected + " arrived damaged or out of order: id=" + e.id() + " data starts "
                     + e.data().substring(0, Math.min(20, e.data().length())));
            }
            expected++;
        }
        assertEquals(eventsWritten.get(), expected, "every event arrived");
        assertFalse(events.hasNext());
        assertTrue(server.handlerErrors().isEmpty(), server.handlerErrors().toString());
    }

    @Test
    void aReaderThatKeepsReadingSlowlyStillHoldsTheServerBack() throws Exception {
        // The reader takes an event every millisecond (about 1 MB/s) while the server offers about 16 MB/s. Each
        // small release must not let HttpCore read another whole buffer: it resumes reading on any positive
        // capacity update, even while its window is still negative after an overshoot (this once let the whole
        // stream in). Both sockets' buffers are fixed so the kernel's self-tuning does not blur the measure.
        long total = 256L * 1024 * 1024;
        String payload = "y".repeat(1000);
        AtomicLong written = new AtomicLong();
        server = new RawHttpServer((req, socket, out) -> {
            socket.setSendBufferSize(64 * 1024);
            RawHttpServer.writeSseHead(out);
            long n = 0;
            while (written.get() < total) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 16; i++) {
                    batch.append("data: ").append(n++).append(' ').append(payload).append("\n\n");
                }
                byte[] b = batch.toString().getBytes(StandardCharsets.US_ASCII);
                RawHttpServer.writeChunk(out, b);
                written.addAndGet(b.length);
                Thread.sleep(1);
            }
            RawHttpServer.endChunks(out);
        });
        HttpClient5Transport small = new HttpClient5Transport(TransportSettings.defaults().withSocketReceiveBuffer(64 * 1024));
        try {
            SseEventIterator events = new SseEventIterator();
            new LlmHttpClient("TestAI", small, AuthProvider.fixed("Api-Key k"),
                    new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), idle(5000),
                    new ConcurrencyLimiter(0), small.timer())
                    .stream(LlmHttpRequest.postJson(server.url("/v1/chat/completions"), "{}".getBytes()), events);
            events.opened().get(30, TimeUnit.SECONDS);
            long read = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end && events.hasNext()) {
                read += events.next().data().length() + 8;
                Thread.sleep(1);
            }
            long ahead = written.get() - read;
            events.close();
            System.out.println("flow control: a slow reader read " + read + " bytes; the server got " + ahead
                               + " bytes ahead");
            // the 256 KiB window, HttpCore's 64 KiB, one read's overshoot and 2 x 64 KiB of socket buffers; without
            // back-pressure the server runs 1 MB further ahead every second
            assertTrue(ahead < 1536L * 1024, "the server got " + ahead + " bytes ahead of a reader that reads slowly");
        } finally {
            small.close();
        }
    }

    @Test
    void anEventLargerThanTheWindowStillArrives() throws Exception {
        // 2 MB in one data line, eight times the window: its bytes must not count against the window while the
        // decoder still waits for the end of the line, or the stream would pause forever
        String big = "y".repeat(2 * 1024 * 1024);
        server = new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            byte[] event = ("data: " + big + "\n\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < event.length; i += 16 * 1024) {
                RawHttpServer.writeChunk(out, java.util.Arrays.copyOfRange(event, i, Math.min(event.length, i + 16 * 1024)));
            }
            RawHttpServer.writeChunk(out, event("small"));
            RawHttpServer.endChunks(out);
        });
        SseEventIterator events = open(idle(5_000));
        assertEquals(big, events.next().data());
        assertEquals("small", events.next().data());
        assertFalse(events.hasNext());
    }

    @Test
    void closingTheIteratorMidStreamAbortsTheConnection() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        AtomicLong writes = new AtomicLong();
        server = new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            try {
                for (int i = 0; i < 3000; i++) {
                    RawHttpServer.writeChunk(out, event("tick " + i));
                    writes.incrementAndGet();
                    Thread.sleep(10);
                }
            } catch (IOException closed) {
                serverSawClose.countDown();
            }
        });
        SseEventIterator events = open(idle(20_000));
        assertEquals("tick 0", events.next().data());
        assertEquals("tick 1", events.next().data());
        events.close();
        assertTrue(serverSawClose.await(15, TimeUnit.SECONDS), "the server never saw the connection closed; it wrote "
                                                                + writes.get() + " events");
        assertFalse(events.hasNext(), "a closed iterator has nothing more");
    }

    @Test
    void aStalledStreamFailsAfterTheIdleTimeoutSayingHowMuchArrived() throws Exception {
        String first = event("{\"n\":1}");
        CountDownLatch release = new CountDownLatch(1);
        server = new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            RawHttpServer.writeChunk(out, first);
            release.await(20, TimeUnit.SECONDS); // then silence, connection open
        });
        try {
            long start = System.nanoTime();
            SseEventIterator events = open(idle(400));
            assertEquals("{\"n\":1}", events.next().data());
            LlmStreamException e = assertThrows(LlmStreamException.class, events::hasNext);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs >= 390, "failed after " + waitedMs + " ms, before the idle timeout");
            // the request timeout (30 s) must not stand in for the idle timeout once the stream has started: the
            // kind and the message below say which timer fired
            assertEquals(first.length(), e.getBytesReceived());
            assertEquals(1, e.getEventsReceived());
            assertTrue(e.getMessage().startsWith("Stream broke after receiving " + first.length() + " bytes and 1 event: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("streamIdleTimeout 400 ms"), e.getMessage());
            LlmTimeoutException cause = assertInstanceOf(LlmTimeoutException.class, e.getCause());
            assertEquals(LlmTimeoutException.Kind.STREAM_IDLE, cause.getKind());
        } finally {
            release.countDown();
        }
    }

    @Test
    void silenceBeforeTheFirstByteIsAPlainTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            release.await(20, TimeUnit.SECONDS);
        });
        try {
            SseEventIterator events = open(idle(400));
            LlmTimeoutException e = assertThrows(LlmTimeoutException.class, events::hasNext);
            // the idle timer, not the 30 s request timeout
            assertEquals(LlmTimeoutException.Kind.STREAM_IDLE, e.getKind());
        } finally {
            release.countDown();
        }
    }

    @Test
    void headersThatNeverComeFailTheOpeningWithARequestTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = new RawHttpServer((req, socket, out) -> release.await(20, TimeUnit.SECONDS));
        try {
            SseEventIterator events = new SseEventIterator();
            client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(20)))
                    .stream(LlmHttpRequest.postJson(server.url("/x"), "{}".getBytes()), events);
            ExecutionException e = assertThrows(ExecutionException.class, () -> events.opened().get(30, TimeUnit.SECONDS));
            LlmTimeoutException t = assertInstanceOf(LlmTimeoutException.class, e.getCause());
            assertEquals(LlmTimeoutException.Kind.REQUEST, t.getKind());
            assertTrue(t.getMessage().contains("requestTimeout 500 ms"), t.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSendThatHitsTheRequestTimeoutClosesItsConnection() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        server = new RawHttpServer((req, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 100_000; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(10);
                }
            } catch (IOException closed) {
                serverSawClose.countDown();
            }
        });
        CompletableFuture<LlmHttpResponse> f = client(new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofSeconds(5))).send(LlmHttpRequest.postJson(server.url("/slow"), "{}".getBytes()));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertEquals(LlmTimeoutException.Kind.REQUEST, assertInstanceOf(LlmTimeoutException.class, e.getCause()).getKind());
        assertTrue(serverSawClose.await(15, TimeUnit.SECONDS), "the timed-out call kept its connection open");
    }

    private RawHttpServer cutMidEvent(String complete, String partial) throws IOException {
        return new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            RawHttpServer.writeChunk(out, complete);
            RawHttpServer.writeChunk(out, partial);
            Thread.sleep(100);
            socket.close(); // mid-event, and without the last chunk
        });
    }

    @Test
    void aStreamCutMidEventFailsTheIteratorSayingHowMuchArrived() throws Exception {
        String complete = event("{\"n\":1}");
        String partial = "data: {\"n\":";
        server = cutMidEvent(complete, partial);
        SseEventIterator events = open(idle(20_000));
        assertEquals("{\"n\":1}", events.next().data());
        LlmStreamException e = assertThrows(LlmStreamException.class, events::hasNext);
        int bytes = complete.length() + partial.length();
        assertEquals(bytes, e.getBytesReceived());
        assertEquals(1, e.getEventsReceived());
        assertTrue(e.getMessage().startsWith("Stream broke after receiving " + bytes + " bytes and 1 event"),
                e.getMessage());
    }

    @Test
    void aStreamCutMidEventFailsTheFoldSayingHowMuchArrived() throws Exception {
        String complete = event("{\"n\":1}") + event("{\"n\":2}");
        String partial = "data: {\"n\":3";
        server = cutMidEvent(complete, partial);
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicBoolean onIoThread = new AtomicBoolean(true);
        client(idle(20_000)).stream(LlmHttpRequest.postJson(server.url("/x"), "{}".getBytes()),
                new DecodedStreamCollector<SseEvent>(headers -> new SseStreamDecoder(), new StreamItemHandler<>() {
                    @Override
                    public void onItem(SseEvent event) {
                        seen.add(event.data());
                    }

                    @Override
                    public void onComplete() {
                        done.complete(null);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                }));
        ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
        LlmStreamException broken = assertInstanceOf(LlmStreamException.class, e.getCause());
        int bytes = complete.length() + partial.length();
        assertTrue(broken.getMessage().startsWith("Stream broke after receiving " + bytes + " bytes and 2 events"),
                broken.getMessage());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), seen);
    }

    @Test
    void aHandlerThatThrowsAbortsTheFold() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        server = new RawHttpServer((req, socket, out) -> {
            RawHttpServer.writeSseHead(out);
            try {
                for (int i = 0; i < 3000; i++) {
                    RawHttpServer.writeChunk(out, event("{\"n\":" + i + "}"));
                    Thread.sleep(10);
                }
            } catch (IOException closed) {
                serverSawClose.countDown();
            }
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        client(idle(20_000)).stream(LlmHttpRequest.postJson(server.url("/x"), "{}".getBytes()),
                new DecodedStreamCollector<SseEvent>(headers -> new SseStreamDecoder(), new StreamItemHandler<>() {
                    @Override
                    public void onItem(SseEvent event) throws Exception {
                        if (event.data().contains("2")) {
                            throw new Exception("handler refused event 2");
                        }
                    }

                    @Override
                    public void onComplete() {
                        done.complete(null);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                }));
        ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
        assertEquals("handler refused event 2", e.getCause().getMessage());
        assertTrue(serverSawClose.await(15, TimeUnit.SECONDS), "the call was not aborted");
    }

    /** The subscriber contract: onOpen, onData... then exactly one of onComplete / onError. */
    @Test
    void subscriberSeesOpenDataAndOneEnd() throws Exception {
        server = new RawHttpServer((req, socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Request-Id: abc\r\nContent-Length: 12"
                       + "\r\n\r\ndata: hi\n\n\n\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        client(idle(20_000)).stream(LlmHttpRequest.postJson(server.url("/x"), "{}".getBytes()), new StreamSubscriber() {
            private StreamControl control;

            @Override
            public void onOpen(int status, Function<String, String> headers, StreamControl control) {
                this.control = control;
                calls.add("open " + status + " " + headers.apply("X-REQUEST-ID"));
            }

            @Override
            public void onData(ByteBuffer data) {
                int n = data.remaining();
                data.position(data.limit());
                calls.add("data " + n);
                control.release(n);
            }

            @Override
            public void onComplete() {
                calls.add("complete");
                done.complete(null);
            }

            @Override
            public void onError(Throwable error) {
                calls.add("error " + error);
                done.complete(null);
            }
        });
        done.get(30, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertEquals("open 200 abc", calls.get(0));
        assertEquals("complete", calls.get(calls.size() - 1));
        assertEquals(12, calls.stream().filter(c -> c.startsWith("data ")).mapToInt(c -> Integer.parseInt(c.substring(5))).sum());
        assertEquals(1, calls.stream().filter(c -> c.equals("complete") || c.startsWith("error")).count());
    }
}
