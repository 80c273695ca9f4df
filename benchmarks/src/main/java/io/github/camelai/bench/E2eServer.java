package io.github.camelai.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;

/**
 * The stand-in model server of the end-to-end benchmark, on Vert.x: one plain HTTP/1.1 port, and one TLS port that
 * offers HTTP/2 and HTTP/1.1 by ALPN (Vert.x's default of 100 concurrent streams per HTTP/2 connection). Waiting
 * holds no thread: answers are written from timers on the event loops.
 * <p>
 * Any {@code POST}: the latency comes from {@code lat-<ms>} in the path (a Databricks serving endpoint's name) or
 * else in the body (a model name); a body with {@code "stream":true} is answered with a stream of
 * {@link #STREAM_CHUNKS} chunk events, a usage event and {@code [DONE]}, the first at once and the others
 * {@link #STREAM_GAP_MS} ms apart; any other body with the 1,173-byte chat completion of {@link Fixtures}.
 * <p>
 * {@code E2eServer --keystore FILE --password PW}: prints {@code LISTENING <port> <tlsPort>}; stops when its
 * standard input closes.
 */
public final class E2eServer implements AutoCloseable {

    public static final int STREAM_CHUNKS = 20;
    public static final int STREAM_GAP_MS = 2;
    private static final Pattern LATENCY = Pattern.compile("lat-(\\d+)");
    private static final Buffer CHAT = Buffer.buffer(Fixtures.chatCompletionJson());
    private static final Buffer[] STREAM = stream();

    private final Vertx vertx;
    private final HttpServer plain;
    private final HttpServer tls;

    private E2eServer(Vertx vertx, HttpServer plain, HttpServer tls) {
        this.vertx = vertx;
        this.plain = plain;
        this.tls = tls;
    }

    /** Starts on free loopback ports; {@code keystore} (PKCS12) enables the TLS port, else it is not opened. */
    public static E2eServer start(String keystore, String password) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpServer plain = listen(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
        HttpServer tls = null;
        if (keystore != null) {
            tls = listen(vertx, new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true).setSsl(true)
                    .setUseAlpn(true).setKeyCertOptions(new PfxOptions().setPath(keystore).setPassword(password)));
        }
        return new E2eServer(vertx, plain, tls);
    }

    private static HttpServer listen(Vertx vertx, HttpServerOptions options) throws Exception {
        HttpServer server = vertx.createHttpServer(options).requestHandler(E2eServer::handle);
        return server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public int port() {
        return plain.actualPort();
    }

    public int tlsPort() {
        return tls == null ? -1 : tls.actualPort();
    }

    private static void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String text = body.toString();
            long latency = latency(request.path(), text);
            HttpServerResponse response = request.response();
            if (text.contains("\"stream\":true")) {
                stream(request, response, 0);
            } else if (latency <= 0) {
                answer(response);
            } else {
                Vertx.currentContext().owner().setTimer(latency, t -> answer(response));
            }
        });
    }

    private static long latency(String path, String head) {
        Matcher m = LATENCY.matcher(path);
        if (!m.find()) {
            m = LATENCY.matcher(head);
            if (!m.find()) {
                return 0;
            }
        }
        return Long.parseLong(m.group(1));
    }

    private static void answer(HttpServerResponse response) {
        if (!response.closed()) {
            response.putHeader("Content-Type", "application/json").putHeader("x-request-id", "bench").end(CHAT);
        }
    }

    private static void stream(HttpServerRequest request, HttpServerResponse response, int i) {
        if (response.closed()) {
            return;
        }
        if (i == 0) {
            response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        }
        if (i == STREAM.length - 1) {
            response.end(STREAM[i]);
            return;
        }
        response.write(STREAM[i]);
        Vertx.currentContext().owner().setTimer(STREAM_GAP_MS, t -> stream(request, response, i + 1));
    }

    private static Buffer[] stream() {
        Buffer[] events = new Buffer[STREAM_CHUNKS + 2];
        for (int i = 0; i < STREAM_CHUNKS; i++) {
            events[i] = Buffer.buffer(Fixtures.event(Fixtures.chunkData(i, STREAM_CHUNKS)));
        }
        events[STREAM_CHUNKS] = Buffer.buffer(Fixtures.event(Fixtures.usageChunkData(STREAM_CHUNKS)));
        events[STREAM_CHUNKS + 1] = Buffer.buffer(Fixtures.event("[DONE]"));
        return events;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway
        }
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        E2eServer server = start(a.string("keystore", null), a.string("password", null));
        System.out.println("LISTENING " + server.port() + " " + server.tlsPort());
        System.out.flush();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    // wait for the parent to close our input
                }
            } catch (Exception e) {
                // parent gone
            }
        });
        try {
            waiting.get(a.integer("max-seconds", 1800), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // a forgotten server stops by itself
        }
        server.close();
        System.exit(0);
    }
}
