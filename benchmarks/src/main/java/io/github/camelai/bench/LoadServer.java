package io.github.camelai.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in model server on loopback, on the JDK's {@link HttpServer}.
 * <ul>
 * <li>{@code POST /v1/chat/completions?latency_ms=L}: reads the request, then answers a 1 KB chat completion
 * after {@code L} ms. The wait holds no thread: the answer is written by a small scheduler, so 1,000 calls in
 * flight need 1,000 connections but not 1,000 threads.</li>
 * <li>{@code POST /v1/stream?chunks=N&gap_ms=G&first_ms=F&id=X}: answers {@code text/event-stream} with
 * {@code N} chunk events, a usage event and {@code [DONE]}, flushing each event; waits {@code F} ms before the
 * first and {@code G} ms between events ({@code gap_us} gives the gap in microseconds instead). Writes block when the client stops reading (TCP back-pressure), and
 * the bytes written so far are counted under {@code id}.</li>
 * <li>{@code GET /stats?id=X}: the bytes written so far to stream {@code X}, as text.</li>
 * </ul>
 * It listens on 127.0.0.1 only. As a separate process ({@link #main}) it prints {@code LISTENING <port>}, and
 * exits when its standard input closes (the harness that started it is gone) or after {@code --max-seconds}.
 */
public final class LoadServer implements AutoCloseable {

    static {
        // Read once by the JDK server when its first instance is made. Answers are small writes: without
        // TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to many of them. The JDK keeps only 200
        // idle keep-alive connections by default and closes the rest, which 1,000 callers would overflow.
        setDefault("sun.net.httpserver.nodelay", "true");
        setDefault("sun.net.httpserver.maxIdleConnections", "2000");
    }

    private static void setDefault(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService responders;
    private final byte[] chatBody = Fixtures.chatCompletionJson();
    private final Map<String, AtomicLong> streamBytes = new ConcurrentHashMap<>();
    private final AtomicLong chatCalls = new AtomicLong();

    private LoadServer(int port, int handlerThreads, int responderThreads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        handlers = Executors.newFixedThreadPool(handlerThreads, named("load-handler"));
        responders = Executors.newScheduledThreadPool(responderThreads, named("load-responder"));
        server.setExecutor(handlers);
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/stream", this::stream);
        server.createContext("/stats", this::stats);
        server.start();
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port             0 for any free port
     * @param handlerThreads   threads that read requests and write streams (a paused stream holds one)
     * @param responderThreads threads that write delayed chat answers
     */
    public static LoadServer start(int port, int handlerThreads, int responderThreads) throws IOException {
        return new LoadServer(port, handlerThreads, responderThreads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public long chatCalls() {
        return chatCalls.get();
    }

    /** Bytes written so far to the stream with this id, or -1 if none started. */
    public long streamBytes(String id) {
        AtomicLong n = streamBytes.get(id);
        return n == null ? -1 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        responders.shutdownNow();
        handlers.shutdownNow();
    }

    private void chat(HttpExchange ex) throws IOException {
        drain(ex);
        long latency = param(ex, "latency_ms", 0);
        if (latency <= 0) {
            respondChat(ex);
        } else {
            responders.schedule(() -> respondChat(ex), latency, TimeUnit.MILLISECONDS);
        }
    }

    private void respondChat(HttpExchange ex) {
        try {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("x-request-id", "bench-" + chatCalls.incrementAndGet());
            ex.sendResponseHeaders(200, chatBody.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(chatBody);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; nothing to do
        } finally {
            ex.close();
        }
    }

    private void stream(HttpExchange ex) throws IOException {
        drain(ex);
        int chunks = (int) param(ex, "chunks", 100);
        long gapMicros = param(ex, "gap_us", param(ex, "gap_ms", 0) * 1000);
        long firstMs = param(ex, "first_ms", 0);
        String id = params(ex).getOrDefault("id", "default");
        AtomicLong written = new AtomicLong();
        streamBytes.put(id, written);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            pause(firstMs);
            for (int i = 0; i < chunks; i++) {
                if (i > 0 && gapMicros > 0) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(gapMicros));
                }
                writeEvent(out, Fixtures.chunkData(i, chunks), written);
            }
            writeEvent(out, Fixtures.usageChunkData(chunks), written);
            writeEvent(out, "[DONE]", written);
            out.close();
        } catch (IOException | RuntimeException e) {
            // the client cancelled the stream
        } finally {
            ex.close();
        }
    }

    private static void writeEvent(OutputStream out, String data, AtomicLong written) throws IOException {
        byte[] bytes = Fixtures.event(data);
        out.write(bytes);
        out.flush();
        written.addAndGet(bytes.length);
    }

    private void stats(HttpExchange ex) throws IOException {
        drain(ex);
        String id = params(ex).getOrDefault("id", "default");
        byte[] body = Long.toString(streamBytes(id)).getBytes(StandardCharsets.US_ASCII);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } finally {
            ex.close();
        }
    }

    private static void pause(long ms) {
        if (ms > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
        }
    }

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static long param(HttpExchange ex, String name, long dflt) {
        String v = params(ex).get(name);
        return v == null ? dflt : Long.parseLong(v);
    }

    private static Map<String, String> params(HttpExchange ex) {
        URI uri = ex.getRequestURI();
        Map<String, String> map = new HashMap<>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    map.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return map;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code LoadServer [--port 0] [--handler-threads 16] [--responder-threads 2] [--max-seconds 900]}. */
    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        LoadServer server = start(a.integer("port", 0), a.integer("handler-threads", 16),
                a.integer("responder-threads", 2));
        long maxSeconds = a.integer("max-seconds", 900);
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        Thread watchdog = new Thread(() -> {
            try {
                // returns -1 when the parent closes our stdin or dies
                while (System.in.read() >= 0) {
                    // ignore input
                }
            } catch (IOException ignored) {
                // treat as closed
            }
            server.close();
            System.exit(0);
        }, "stdin-watch");
        watchdog.setDaemon(true);
        watchdog.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
        System.err.println("LoadServer: --max-seconds " + maxSeconds + " reached, exiting");
        server.close();
        System.exit(0);
    }
}
