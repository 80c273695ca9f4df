package io.github.camelai.llm.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.concurrency.AdaptiveLimit;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.stream.SseEventIterator;
import io.github.camelai.llm.testing.LimitedChatService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A burst against a service that serves 16 calls at a time (100 ms each) and refuses more with 429: with an
 * adaptive limit every call gets its answer and few see a 429; with the same cap fixed, a wall of 429s. Reduced
 * size, generous margins; the full-size figures are in the benchmark.
 */
class AdaptiveConcurrencyTest {

    private static final int SERVED_AT_ONCE = 16;
    private static final int CALLS = 300;
    private static final byte[] BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private LimitedChatService service;
    private HttpClient5Transport transport;

    @BeforeEach
    void start() throws Exception {
        service = LimitedChatService.builder().maxConcurrent(SERVED_AT_ONCE).latency(Duration.ofMillis(100)).start();
        transport = new HttpClient5Transport(TransportSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        service.close();
    }

    /** As the endpoint defaults are: 3 retries from 1 s, at most 30 s apart. */
    private LlmHttpClient client(ConcurrencyLimiter limiter) {
        return new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Bearer k"),
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), false), Timeouts.DEFAULT, limiter,
                transport.timer());
    }

    /** Sends every call at once; returns how many failed. */
    private int burst(LlmHttpClient client, int calls) throws Exception {
        List<CompletableFuture<LlmHttpResponse>> sent = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            sent.add(client.send(LlmHttpRequest.postJson(service.baseUrl() + "/v1/chat/completions", BODY)));
        }
        int failed = 0;
        for (CompletableFuture<LlmHttpResponse> f : sent) {
            try {
                assertEquals(200, f.get(60, TimeUnit.SECONDS).status());
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof LlmApiException, String.valueOf(e.getCause()));
                failed++;
            }
        }
        return failed;
    }

    @Test
    void anAdaptiveLimitGetsEveryCallThroughWithFew429sWhereAFixedCapHitsAWall() throws Exception {
        ConcurrencyLimiter adaptive = new ConcurrencyLimiter(new AdaptiveLimit(128));
        int failed = burst(client(adaptive), CALLS);
        long refused = service.refused();
        assertEquals(0, failed, "calls failed for good");
        assertEquals(CALLS, service.answered());
        assertTrue(refused <= CALLS / 4, refused + " answers of 429 for " + CALLS + " calls; at most a quarter expected");
        assertTrue(adaptive.limit() >= 1 && adaptive.limit() <= 128, "limit " + adaptive.limit());
        assertEquals(0, adaptive.inFlight());

        // the same burst, the same cap, fixed: the service turns most of it away, and back-off alone does not fix it
        service.resetCounters();
        int fixedFailed = burst(client(new ConcurrencyLimiter(128)), CALLS);
        long fixedRefused = service.refused();
        assertTrue(fixedRefused > CALLS / 4 || fixedFailed > 0,
                "a fixed cap of 128 saw " + fixedRefused + " answers of 429 and " + fixedFailed + " failures");
        assertTrue(fixedRefused > 2 * refused, "fixed " + fixedRefused + " vs adaptive " + refused + " answers of 429");
    }

    @Test
    void aStreamRefusedBeforeItOpensWaitsInLineAndIsSentAgain() throws Exception {
        ConcurrencyLimiter adaptive = new ConcurrencyLimiter(new AdaptiveLimit(128));
        LlmHttpClient client = client(adaptive);
        byte[] streamed = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        int calls = 120;
        List<SseEventIterator> streams = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            SseEventIterator events = new SseEventIterator();
            client.stream(LlmHttpRequest.postJson(service.baseUrl() + "/v1/chat/completions", streamed), events);
            streams.add(events);
        }
        for (SseEventIterator events : streams) {
            events.opened().get(60, TimeUnit.SECONDS);
            int n = 0;
            while (events.hasNext()) {
                events.next();
                n++;
            }
            assertEquals(3, n, "two chunks and [DONE]");
        }
        assertEquals(calls, service.answered());
        assertTrue(service.refused() <= calls / 4, service.refused() + " answers of 429 for " + calls + " streams");
        assertEquals(0, adaptive.inFlight());
    }

    @Test
    void a503LowersTheLimitAndTheCallGoesAgainWithoutTheBackOff() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        try (RawHttpServer server = new RawHttpServer((req, socket, out) -> {
            if (attempts.incrementAndGet() == 1) {
                RawHttpServer.writeResponse(out, 503, "application/json", "{\"error\":\"scaling up\"}");
            } else {
                RawHttpServer.writeResponse(out, 200, "application/json", "{}");
            }
        })) {
            AdaptiveLimit limit = new AdaptiveLimit(8);
            ConcurrencyLimiter adaptive = new ConcurrencyLimiter(limit);
            // a back-off of 20 s: the call would not be back within the test's wait if it were waited
            LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Bearer k"),
                    new RetryPolicy(3, Duration.ofSeconds(20), Duration.ofSeconds(20), false), Timeouts.DEFAULT, adaptive,
                    transport.timer());
            assertEquals(200, client.send(LlmHttpRequest.postJson(server.url("/x"), BODY)).get(10, TimeUnit.SECONDS)
                    .status());
            assertEquals(2, attempts.get());
            assertEquals(4, limit.current(), "halved");
            assertEquals(0, adaptive.inFlight());
        }
    }

    @Test
    void retryAfterIsStillWaited() throws Exception {
        // one slot at the service; a refusal that names a wait is not sent again before it
        try (RawHttpServer server = new RawHttpServer((req, socket, out) -> {
            if (req.path().equals("/busy")) {
                byte[] body = "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                           + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } else {
                RawHttpServer.writeResponse(out, 200, "application/json", "{}");
            }
        })) {
            ConcurrencyLimiter adaptive = new ConcurrencyLimiter(new AdaptiveLimit(8));
            LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Bearer k"),
                    new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(5), false), Timeouts.DEFAULT, adaptive,
                    transport.timer());
            long start = System.nanoTime();
            CompletableFuture<LlmHttpResponse> call = client.send(LlmHttpRequest.postJson(server.url("/busy"), BODY));
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
            long ms = (System.nanoTime() - start) / 1_000_000;
            LlmApiException refused = (LlmApiException) e.getCause();
            assertEquals(429, refused.getStatusCode());
            assertEquals(2, refused.getAttempts());
            assertTrue(ms >= 900, "sent again after " + ms + " ms; Retry-After asked for 1 s");
            assertEquals(0, adaptive.inFlight());
        }
    }
}
