package io.github.camelai.llm.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streamed exchange must stay open until the end of its body. Found by the benchmark harness: with the exchange
 * completed at the answer's head, a server that answers at once on a kept-alive connection made HttpClient cancel
 * the call (InterruptedIOException) before {@code execute} returned, and {@link StreamControl#cancel()} could not
 * abort a stream any more.
 */
class StreamCompletionRaceTest {

    private static final byte[] EVENT = "data: {\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8);
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(10));

    static {
        // answers are small writes: without TCP_NODELAY, Nagle's algorithm would add ~40 ms to each
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    private HttpClient5Transport transport;
    private final CountDownLatch clientWentAway = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/short", ex -> answer(ex, 3, 0));
        server.createContext("/long", ex -> answer(ex, 500, 20));
        server.start();
        transport = new HttpClient5Transport(TransportSettings.defaults());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void answer(HttpExchange ex, int events, long gapMs) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < events; i++) {
                out.write(EVENT);
                out.flush();
                if (gapMs > 0) {
                    Thread.sleep(gapMs);
                }
            }
        } catch (IOException e) {
            clientWentAway.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Counts bytes; completes with the total, or fails with the stream's error. */
    private static final class Collect implements StreamSubscriber {
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        final CompletableFuture<StreamControl> opened = new CompletableFuture<>();
        int bytes;

        @Override
        public void onOpen(int status, Function<String, String> headers, StreamControl control) {
            opened.complete(control);
        }

        @Override
        public void onData(ByteBuffer data) {
            int n = data.remaining();
            data.position(data.limit());
            bytes += n;
            opened.join().release(n);
        }

        @Override
        public void onComplete() {
            result.complete(bytes);
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    @Test
    void shortStreamsOneAfterAnotherOnAKeptAliveConnectionAllComplete() throws Exception {
        for (int i = 0; i < 200; i++) {
            Collect c = new Collect();
            transport.stream(LlmHttpRequest.postJson(url("/short"), "{}".getBytes(StandardCharsets.UTF_8)), TIMEOUTS, c);
            assertEquals(3 * EVENT.length, c.result.get(10, TimeUnit.SECONDS), "stream " + i);
        }
    }

    @Test
    void cancelAbortsAStreamThatIsStillArriving() throws Exception {
        Collect c = new Collect();
        transport.stream(LlmHttpRequest.postJson(url("/long"), "{}".getBytes(StandardCharsets.UTF_8)), TIMEOUTS, c);
        StreamControl control = c.opened.get(10, TimeUnit.SECONDS);
        control.cancel();
        // the server writes an event every 20 ms for 10 s: its next writes fail once the connection is closed
        assertTrue(clientWentAway.await(5, TimeUnit.SECONDS), "the connection stayed open after cancel()");
    }
}
