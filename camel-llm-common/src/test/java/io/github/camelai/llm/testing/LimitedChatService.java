package io.github.camelai.llm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in chat service with the limits real services enforce, for tests and benchmarks of quotas, adaptive
 * concurrency and bulk flows. It answers every {@code POST} (any path: {@code /v1/chat/completions},
 * {@code /serving-endpoints/x/invocations}, ...) with a chat completion after {@link Builder#latency} (as server-sent
 * events when the request asks for {@code "stream": true}), unless a
 * limit refuses it with {@code 429} and a Databricks-style {@code REQUEST_LIMIT_EXCEEDED} body (no
 * {@code Retry-After}, as the services send none):
 * <ul>
 * <li>{@link Builder#maxConcurrent}: more calls in flight than this are refused at once;</li>
 * <li>{@link Builder#requestsPerSecond}: calls beyond this within one wall-clock second are refused;</li>
 * <li>{@link Builder#tokensPerSecond}: a call is charged its prompt (request body characters / 4) plus its
 * completion ({@link Builder#completionTokens}); one that would pass the second's budget is refused.</li>
 * </ul>
 * A waiting answer holds no thread (a scheduler writes it). Counters tell what happened.
 */
public final class LimitedChatService implements AutoCloseable {

    static {
        // small answers: no Nagle delay; many callers: keep their idle connections (the JDK keeps 200 by default)
        setDefault("sun.net.httpserver.nodelay", "true");
        setDefault("sun.net.httpserver.maxIdleConnections", "4000");
    }

    private static void setDefault(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService responders;
    private final Builder limits;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong tokensCharged = new AtomicLong();
    private final Object windowLock = new Object();
    private long windowSecond = -1;
    private long windowRequests;
    private long windowTokens;

    private LimitedChatService(Builder limits) throws IOException {
        this.limits = limits;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        handlers = Executors.newFixedThreadPool(4, daemon("limited-service-handler"));
        responders = Executors.newScheduledThreadPool(2, daemon("limited-service-responder"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, without a path. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Calls received, refused ones included. */
    public long received() {
        return received.get();
    }

    /** Calls answered 200. */
    public long answered() {
        return answered.get();
    }

    /** Calls answered 429 by a limit. */
    public long refused() {
        return refused.get();
    }

    /** Tokens charged to calls that were let through (prompt estimate plus completion). */
    public long tokensCharged() {
        return tokensCharged.get();
    }

    /** The most calls that were in flight (let through, not yet answered) at one time. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    /** Forgets the counters (not the limits). */
    public void resetCounters() {
        received.set(0);
        answered.set(0);
        refused.set(0);
        tokensCharged.set(0);
        peakInFlight.set(inFlight.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] request;
        try (InputStream in = exchange.getRequestBody()) {
            request = in.readAllBytes();
        }
        received.incrementAndGet();
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"POST only\"}");
            return;
        }
        long tokens = request.length / 4 + limits.completionTokens;
        String refusal = admit(tokens);
        if (refusal != null) {
            refused.incrementAndGet();
            respond(exchange, 429, "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"" + refusal + "\"}");
            return;
        }
        tokensCharged.addAndGet(tokens);
        long latency = limits.latency.toMillis();
        boolean stream = new String(request, StandardCharsets.UTF_8).replace(" ", "").contains("\"stream\":true");
        Runnable answer = () -> {
            // the slot is free once the answer is ready, before it is written: a caller that sends its next call the
            // moment it has this answer must not be refused for a slot this call no longer uses (on a busy machine
            // the writing thread can lose the CPU between the write and a decrement after it)
            inFlight.decrementAndGet();
            try {
                answered.incrementAndGet();
                if (stream) {
                    respond(exchange, 200, "text/event-stream", streamed(request.length / 4));
                } else {
                    respond(exchange, 200, completion(request.length / 4));
                }
            } catch (IOException e) {
                exchange.close();
            }
        };
        if (latency > 0) {
            responders.schedule(answer, latency, TimeUnit.MILLISECONDS);
        } else {
            answer.run();
        }
    }

    /** Takes a slot and the second's budget for one call, or says which limit refuses it. */
    private String admit(long tokens) {
        int now = inFlight.incrementAndGet();
        if (limits.maxConcurrent > 0 && now > limits.maxConcurrent) {
            inFlight.decrementAndGet();
            return "Exceeded the endpoint's concurrency limit of " + limits.maxConcurrent;
        }
        synchronized (windowLock) {
            long second = System.nanoTime() / 1_000_000_000L;
            if (second != windowSecond) {
                windowSecond = second;
                windowRequests = 0;
                windowTokens = 0;
            }
            if (limits.requestsPerSecond > 0 && windowRequests + 1 > limits.requestsPerSecond) {
                inFlight.decrementAndGet();
                return "Exceeded workspace QPS rate limit of " + limits.requestsPerSecond + " per second";
            }
            if (limits.tokensPerSecond > 0 && windowTokens + tokens > limits.tokensPerSecond) {
                inFlight.decrementAndGet();
                return "Exceeded the token rate limit of " + limits.tokensPerSecond + " per second";
            }
            windowRequests++;
            windowTokens += tokens;
        }
        peakInFlight.accumulateAndGet(now, Math::max);
        return null;
    }

    private String completion(long promptTokens) {
        long completionTokens = limits.completionTokens;
        return "{\"id\":\"chatcmpl-limited\",\"object\":\"chat.completion\",\"created\":1700000000,"
               + "\"model\":\"limited-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
               + "\"content\":\"An answer.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
               + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens)
               + "}}";
    }

    /** The same answer as server-sent events: one chunk with the text, one with the finish reason and usage. */
    private String streamed(long promptTokens) {
        long completionTokens = limits.completionTokens;
        String head = "{\"id\":\"chatcmpl-limited\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                      + "\"model\":\"limited-model\",\"choices\":[{\"index\":0,";
        return "data: " + head + "\"delta\":{\"role\":\"assistant\",\"content\":\"An answer.\"},\"finish_reason\":null}]}\n\n"
               + "data: " + head + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
               + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens)
               + "}}\n\n"
               + "data: [DONE]\n\n";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        respond(exchange, status, "application/json", json);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        responders.shutdownNow();
        handlers.shutdownNow();
    }

    /** The service's limits; 0 means none. */
    public static final class Builder {
        private Duration latency = Duration.ZERO;
        private int maxConcurrent;
        private int requestsPerSecond;
        private long tokensPerSecond;
        private long completionTokens = 20;

        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        public Builder requestsPerSecond(int requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        public Builder tokensPerSecond(long tokensPerSecond) {
            this.tokensPerSecond = tokensPerSecond;
            return this;
        }

        /** The completion tokens every answer reports (and is charged); 20 by default. */
        public Builder completionTokens(long completionTokens) {
            this.completionTokens = completionTokens;
            return this;
        }

        public LimitedChatService start() throws IOException {
            return new LimitedChatService(this);
        }
    }
}
