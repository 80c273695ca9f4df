package io.github.camelai.llm.http;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.error.LlmAuthenticationException;
import io.github.camelai.llm.error.LlmBadRequestException;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmRateLimitException;
import io.github.camelai.llm.error.LlmServerException;
import io.github.camelai.llm.error.LlmTimeoutException;
import io.github.camelai.llm.sse.SseEvent;
import io.github.camelai.llm.stream.SseEventIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmHttpClientTest {

    private static WireMockServer wm;
    private static HttpClient5Transport transport;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true).containerThreads(40));
        wm.start();
        transport = new HttpClient5Transport(TransportSettings.defaults());
    }

    @AfterAll
    static void stop() {
        transport.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private static String url(String path) {
        return "http://localhost:" + wm.port() + path;
    }

    private static LlmHttpClient client(AuthProvider auth, int maxRetries, long initialDelayMs, boolean retryOnReadTimeout,
                                        Timeouts timeouts) {
        return new LlmHttpClient("TestAI", transport, auth,
                new RetryPolicy(maxRetries, Duration.ofMillis(initialDelayMs), Duration.ofSeconds(5), retryOnReadTimeout),
                timeouts, new ConcurrencyLimiter(0), transport.timer());
    }

    private static LlmHttpClient client(int maxRetries) {
        return client(AuthProvider.fixed("Api-Key sekrit"), maxRetries, 10, false, Timeouts.DEFAULT);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void sendPutsTheExactRequestOnTheWire() throws Exception {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("X-Request-Id", "req-9")
                .withBody("{\"id\":\"x\"}")));
        LlmHttpRequest request = LlmHttpRequest.postJson(url("/v1/chat/completions"),
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]}".getBytes(StandardCharsets.UTF_8))
                .withHeader("X-Extra", "yes");

        LlmHttpResponse response = client(0).send(request).get(30, TimeUnit.SECONDS);

        assertEquals(200, response.status());
        assertEquals("{\"id\":\"x\"}", response.bodyAsString());
        assertEquals("req-9", response.header("x-request-id"));
        assertEquals("req-9", response.header("X-REQUEST-ID"));
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key sekrit"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Extra", equalTo("yes"))
                .withRequestBody(equalToJson("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]}")));
        assertFalse(request.toString().contains("sekrit"));
    }

    @Test
    void getDeleteAndFormRequests() throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        LlmHttpClient c = client(AuthProvider.fixed(null), 0, 10, false, Timeouts.DEFAULT);
        assertEquals("ok", c.send(LlmHttpRequest.get(url("/status/1?x=y"))).get(30, TimeUnit.SECONDS).bodyAsString());
        c.send(LlmHttpRequest.delete(url("/async/1"))).get(30, TimeUnit.SECONDS);
        c.send(LlmHttpRequest.postForm(url("/oidc/token"), "grant_type=client_credentials&scope=all-apis"))
                .get(30, TimeUnit.SECONDS);
        wm.verify(getRequestedFor(urlEqualTo("/status/1?x=y")).withHeader("Authorization", absent()));
        wm.verify(deleteRequestedFor(urlEqualTo("/async/1")));
        wm.verify(postRequestedFor(urlEqualTo("/oidc/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials&scope=all-apis")));
    }

    @Test
    void authorizationIsAskedForEveryAttempt() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AuthProvider rotating = () -> CompletableFuture.completedFuture("Bearer t" + asked.incrementAndGet());
        wm.stubFor(post("/r").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(post("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
        client(rotating, 2, 10, false, Timeouts.DEFAULT).send(LlmHttpRequest.postJson(url("/r"), new byte[] { '{', '}' }))
                .get(30, TimeUnit.SECONDS);
        wm.verify(1, postRequestedFor(urlEqualTo("/r")).withHeader("Authorization", equalTo("Bearer t1")));
        wm.verify(1, postRequestedFor(urlEqualTo("/r")).withHeader("Authorization", equalTo("Bearer t2")));
    }

    @Test
    void non2xxBecomesTypedExceptionWithRequestIdAndIsNotRetried() {
        wm.stubFor(post("/bad").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req-1")
                .withBody("{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\","
                          + "\"code\":\"context_length_exceeded\"}}")));
        Throwable e = failure(client(3).send(LlmHttpRequest.postJson(url("/bad"), "{}".getBytes())));
        LlmBadRequestException bad = assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals(400, bad.getStatusCode());
        assertEquals("TestAI", bad.getProvider());
        assertEquals("context_length_exceeded", bad.getErrorCode());
        assertEquals("max_tokens is too large", bad.getServiceMessage());
        assertEquals("req-1", bad.getRequestId());
        assertEquals("TestAI returned HTTP 400 context_length_exceeded: max_tokens is too large (request id req-1)",
                bad.getMessage());
        wm.verify(1, postRequestedFor(urlEqualTo("/bad")));
    }

    @Test
    void unauthorizedTellsTheAuthProvider() {
        wm.stubFor(post("/auth").willReturn(aResponse().withStatus(401).withBody("{\"error\":\"bad key\"}")
                .withHeader("Content-Type", "application/json")));
        List<String> told = new CopyOnWriteArrayList<>();
        AuthProvider auth = new AuthProvider() {
            @Override
            public CompletableFuture<String> authorization() {
                return CompletableFuture.completedFuture("Bearer old");
            }

            @Override
            public void unauthorized(String headerValue) {
                told.add(headerValue);
            }
        };
        Throwable e = failure(client(auth, 3, 10, false, Timeouts.DEFAULT)
                .send(LlmHttpRequest.postJson(url("/auth"), "{}".getBytes())));
        assertInstanceOf(LlmAuthenticationException.class, e);
        assertFalse(e.getMessage().contains("Bearer old"));
        assertEquals(List.of("Bearer old"), told);
        wm.verify(1, postRequestedFor(urlEqualTo("/auth")));
    }

    @Test
    void retries429And502And503And504ThenSucceeds() throws Exception {
        int[] statuses = { 429, 502, 503, 504 };
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            wm.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(statuses[i]).withBody("busy")).willSetStateTo("s" + i));
            state = "s" + i;
        }
        wm.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withBody("finally")));

        LlmHttpResponse r = client(4).send(LlmHttpRequest.postJson(url("/flaky"), "{\"a\":1}".getBytes()))
                .get(30, TimeUnit.SECONDS);

        assertEquals("finally", r.bodyAsString());
        wm.verify(5, postRequestedFor(urlEqualTo("/flaky")).withRequestBody(equalToJson("{\"a\":1}"))
                .withHeader("Authorization", equalTo("Api-Key sekrit")));
    }

    @Test
    void maxRetriesIsRespected() {
        wm.stubFor(post("/busy").willReturn(aResponse().withStatus(429).withHeader("x-request-id", "r-429")
                .withBody("{\"error\":\"Rate limit\"}").withHeader("Content-Type", "application/json")));
        Throwable e = failure(client(2).send(LlmHttpRequest.postJson(url("/busy"), "{}".getBytes())));
        LlmRateLimitException limit = assertInstanceOf(LlmRateLimitException.class, e);
        assertEquals("r-429", limit.getRequestId());
        wm.verify(3, postRequestedFor(urlEqualTo("/busy")));

        wm.resetRequests();
        wm.stubFor(post("/down").willReturn(aResponse().withStatus(503)));
        assertInstanceOf(LlmServerException.class, failure(client(0).send(LlmHttpRequest.postJson(url("/down"), "{}".getBytes()))));
        wm.verify(1, postRequestedFor(urlEqualTo("/down")));
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        wm.stubFor(post("/ra").inScenario("ra").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        wm.stubFor(post("/ra").inScenario("ra").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
        // backoff alone would retry after about 1 ms; the header asks for a second. The scheduler records the delay
        // asked for and runs the retry at once: no waiting, no clock in the assertion
        List<Long> delays = new CopyOnWriteArrayList<>();
        ScheduledThreadPoolExecutor recording = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
                delays.add(unit.toMillis(delay));
                return super.schedule(task, 0, unit);
            }
        };
        try {
            LlmHttpClient c = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("k"),
                    new RetryPolicy(1, Duration.ofMillis(1), Duration.ofSeconds(5), false), Timeouts.DEFAULT,
                    new ConcurrencyLimiter(0), recording);
            c.send(LlmHttpRequest.postJson(url("/ra"), "{}".getBytes())).get(30, TimeUnit.SECONDS);
        } finally {
            recording.shutdownNow();
        }
        assertEquals(List.of(1000L), delays);
        wm.verify(2, postRequestedFor(urlEqualTo("/ra")));
    }

    @Test
    void connectionRefusedIsRetried() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicInteger attempts = new AtomicInteger();
        Throwable e = failure(client(counting(attempts), 2, 10, false, Timeouts.DEFAULT)
                .send(LlmHttpRequest.postJson("http://127.0.0.1:" + port + "/x", "{}".getBytes())));
        assertInstanceOf(LlmException.class, e);
        assertTrue(hasCause(e, ConnectException.class), "cause chain has the connect failure: " + e);
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertEquals(3, attempts.get(), "first attempt and two retries");
    }

    @Test
    void readTimeoutIsNotRetriedByDefault() {
        wm.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(2500)));
        Timeouts t = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5));
        AtomicInteger attempts = new AtomicInteger();
        Throwable e = failure(client(counting(attempts), 3, 10, false, t)
                .send(LlmHttpRequest.postJson(url("/slow"), "{}".getBytes())));
        LlmTimeoutException timeout = assertInstanceOf(LlmTimeoutException.class, e);
        assertEquals(LlmTimeoutException.Kind.REQUEST, timeout.getKind());
        assertTrue(timeout.getMessage().contains("300 ms"), timeout.getMessage());
        // WireMock journals a request only once it has answered it, so attempts are counted on our side
        assertEquals(1, attempts.get());
    }

    @Test
    void readTimeoutIsRetriedWhenAskedTo() {
        wm.stubFor(post("/slow2").willReturn(aResponse().withStatus(200).withFixedDelay(2500)));
        Timeouts t = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5));
        AtomicInteger attempts = new AtomicInteger();
        Throwable e = failure(client(counting(attempts), 1, 10, true, t)
                .send(LlmHttpRequest.postJson(url("/slow2"), "{}".getBytes())));
        assertInstanceOf(LlmTimeoutException.class, e);
        assertEquals(2, attempts.get());
    }

    @Test
    void requestTimeoutCutsAnAnswerThatTricklesIn() throws Exception {
        // bytes keep coming (so the socket is never silent) and the answer never ends: only requestTimeout can end it
        try (RawHttpServer trickle = new RawHttpServer((req, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                while (true) {
                    RawHttpServer.writeChunk(out, "x");
                    Thread.sleep(20);
                }
            } catch (java.io.IOException closedByClient) {
                // the call was cut
            }
        })) {
            Timeouts t = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofSeconds(5));
            Throwable e = failure(client(AuthProvider.fixed("k"), 0, 10, false, t)
                    .send(LlmHttpRequest.postJson(trickle.url("/trickle"), "{}".getBytes())));
            LlmTimeoutException timeout = assertInstanceOf(LlmTimeoutException.class, e);
            assertEquals(LlmTimeoutException.Kind.REQUEST, timeout.getKind());
            assertTrue(timeout.getMessage().startsWith("No complete answer within requestTimeout 800 ms"),
                    timeout.getMessage());
        }
    }

    @Test
    void streamIsRetriedBeforeItOpensAndErrorsAreTyped() throws Exception {
        wm.stubFor(post("/stream").inScenario("st").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(post("/stream").inScenario("st").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n")));
        SseEventIterator events = new SseEventIterator();
        client(2).stream(LlmHttpRequest.postJson(url("/stream"), "{\"stream\":true}".getBytes()), events);
        events.opened().get(30, TimeUnit.SECONDS);
        List<String> data = new java.util.ArrayList<>();
        events.forEachRemaining(e -> data.add(e.data()));
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}", SseEvent.DONE), data);
        wm.verify(2, postRequestedFor(urlEqualTo("/stream")).withHeader("Authorization", equalTo("Api-Key sekrit"))
                .withRequestBody(equalToJson("{\"stream\":true}")));

        wm.stubFor(post("/stream429").willReturn(aResponse().withStatus(429).withHeader("x-request-id", "rq")
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Rate limit\"}")));
        SseEventIterator limited = new SseEventIterator();
        client(1).stream(LlmHttpRequest.postJson(url("/stream429"), "{}".getBytes()), limited);
        Throwable e = failure(limited.opened());
        LlmRateLimitException rate = assertInstanceOf(LlmRateLimitException.class, e);
        assertEquals("rq", rate.getRequestId());
        assertEquals("Rate limit", rate.getServiceMessage());
        wm.verify(2, postRequestedFor(urlEqualTo("/stream429")));
        assertThrows(LlmRateLimitException.class, limited::hasNext);
    }

    /** Buffered and streamed refusals go through the same parser, with the component's request-id headers. */
    @Test
    void refusalsReadTheServicesOwnRequestIdHeaderOnBothPaths() throws Exception {
        wm.stubFor(post("/refused").willReturn(aResponse().withStatus(400).withHeader("x-gateway-request-id", "gw-7")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"bad temperature\",\"code\":\"invalid_value\"}}")));
        LlmHttpClient client = new LlmHttpClient(
                new ServiceDescriptor("Gateway", List.of(ServiceDescriptor.REQUEST_ID, "x-gateway-request-id")),
                transport, AuthProvider.fixed("k"), new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), false),
                Timeouts.DEFAULT, new ConcurrencyLimiter(0), transport.timer());

        LlmApiException plain = assertInstanceOf(LlmApiException.class,
                failure(client.send(LlmHttpRequest.postJson(url("/refused"), "{}".getBytes()))));
        SseEventIterator events = new SseEventIterator();
        client.stream(LlmHttpRequest.postJson(url("/refused"), "{}".getBytes()), events);
        LlmApiException streamed = assertInstanceOf(LlmApiException.class, failure(events.opened()));

        for (LlmApiException e : List.of(plain, streamed)) {
            assertEquals(400, e.getStatusCode());
            assertEquals("gw-7", e.getRequestId());
            assertEquals("bad temperature", e.getServiceMessage());
            assertEquals(plain.getMessage(), e.getMessage());
        }
        assertTrue(plain.getMessage().startsWith("Gateway"), plain.getMessage());
    }

    @Test
    void aStreamThatCannotStartFailsAndFreesItsSlot() throws Exception {
        wm.stubFor(post("/ok").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: fine\n\n")));
        LlmHttpClient capped = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("k"),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                new ConcurrencyLimiter(1), transport.timer());
        SseEventIterator bad = new SseEventIterator();
        capped.stream(LlmHttpRequest.postJson("http://local host/x", "{}".getBytes()), bad);
        assertInstanceOf(IllegalArgumentException.class, failure(bad.opened()));
        SseEventIterator good = new SseEventIterator();
        capped.stream(LlmHttpRequest.postJson(url("/ok"), "{}".getBytes()), good);
        good.opened().get(30, TimeUnit.SECONDS);
        assertEquals("fine", good.next().data());
    }

    @Test
    void finishedCallsLeaveNoDeadlinesQueued() throws Exception {
        wm.stubFor(post("/quick").willReturn(aResponse().withStatus(200).withBody("{}")));
        LlmHttpClient c = client(0);
        List<CompletableFuture<LlmHttpResponse>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(c.send(LlmHttpRequest.postJson(url("/quick"), new byte[1024])));
        }
        for (CompletableFuture<LlmHttpResponse> f : calls) {
            f.get(30, TimeUnit.SECONDS);
        }
        // each call's request-timeout deadline (5 minutes away) must leave the timer when the call ends, or it
        // keeps the request and its answer reachable until then
        int queued = ((java.util.concurrent.ScheduledThreadPoolExecutor) transport.timer()).getQueue().size();
        assertTrue(queued < 20, queued + " timer tasks still queued after 200 finished calls");
    }

    /** Asked once per attempt: counts attempts on the client side. */
    static AuthProvider counting(AtomicInteger attempts) {
        return () -> {
            attempts.incrementAndGet();
            return CompletableFuture.completedFuture("k");
        };
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
