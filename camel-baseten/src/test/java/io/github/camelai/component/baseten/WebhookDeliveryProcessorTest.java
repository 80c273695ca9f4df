package io.github.camelai.component.baseten;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookDeliveryProcessorTest {

    static final String SECRET = "whsec_current_0123456789";
    static final String OLD_SECRET = "whsec_previous_abcdef";
    static final Instant NOW = Instant.parse("2024-04-30T01:01:10Z");
    static final String TIME = "2024-04-30T01:01:08.883423Z";

    private final CamelContext context = new DefaultCamelContext();
    private final List<WebhookDelivery> delivered = new ArrayList<>();
    private IdempotentRepository repository;
    /** What the fake route does with the next delivery: null completes, otherwise fails with it. */
    private RuntimeException nextFailure;

    @BeforeEach
    void start() throws Exception {
        repository = MemoryIdempotentRepository.memoryIdempotentRepository(100);
        repository.start();
    }

    @AfterEach
    void stop() throws Exception {
        repository.stop();
        context.close();
    }

    static String delivery(String requestId, String time, String data, String errors) {
        return "{\"request_id\":\"" + requestId + "\",\"model_id\":\"abcd1234\",\"deployment_id\":\"31kmg1w\","
               + "\"type\":\"async_request_completed\",\"time\":\"" + time + "\",\"data\":" + data + ",\"errors\":"
               + errors + "}";
    }

    private WebhookDeliveryProcessor processor(WebhookSignatureVerifier verifier, long max) {
        return new WebhookDeliveryProcessor(verifier, Duration.ofSeconds(300), max, repository,
                Clock.fixed(NOW, ZoneOffset.UTC), route());
    }

    private WebhookDeliveryProcessor processor() {
        return processor(new WebhookSignatureVerifier(List.of(SECRET)), 1024 * 1024);
    }

    private WebhookDeliveryProcessor.RouteInvoker route() {
        return (d, done) -> {
            delivered.add(d);
            RuntimeException f = nextFailure;
            nextFailure = null;
            done.accept(f);
        };
    }

    private Exchange post(WebhookDeliveryProcessor p, byte[] body, String signature) throws Exception {
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setBody(new ByteArrayInputStream(body));
        ex.getMessage().setHeader("Content-Length", String.valueOf(body.length));
        ex.getMessage().setHeader("X-BASETEN-REQUEST-ID", "from-the-request");
        if (signature != null) {
            ex.getMessage().setHeader(WebhookSignatureVerifier.SIGNATURE_HEADER, signature);
        }
        p.process(ex);
        return ex;
    }

    private Exchange postSigned(WebhookDeliveryProcessor p, String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(p, bytes, WebhookSignatureVerifier.sign(secret, bytes));
    }

    private static void assertAnswer(Exchange ex, int status, String text) {
        assertEquals(status, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(text, ex.getMessage().getBody(String.class));
        assertEquals("text/plain; charset=utf-8", ex.getMessage().getHeader(Exchange.CONTENT_TYPE));
        // Nothing of the request goes back out.
        assertNull(ex.getMessage().getHeader(WebhookSignatureVerifier.SIGNATURE_HEADER));
        assertNull(ex.getMessage().getHeader("X-BASETEN-REQUEST-ID"));
        assertNull(ex.getMessage().getHeader("Content-Length"));
    }

    @Test
    void signedDeliveryRunsTheRouteWithEveryField() throws Exception {
        Exchange ex = postSigned(processor(), delivery("req1", TIME, "{\"text\":\"hi\",\"n\":[1,2]}", "[]"), SECRET);
        assertAnswer(ex, 200, WebhookDeliveryProcessor.OK);
        assertEquals(1, delivered.size());
        WebhookDelivery d = delivered.get(0);
        assertEquals("req1", d.requestId());
        assertEquals("abcd1234", d.modelId());
        assertEquals("31kmg1w", d.deploymentId());
        assertEquals("async_request_completed", d.type());
        assertEquals(TIME, d.timeText());
        assertEquals(Instant.parse(TIME), d.time());
        assertEquals(Map.of("text", "hi", "n", List.of(1, 2)), d.data());
        assertEquals(List.of(), d.errors());
        assertTrue(repository.contains("req1"));
        assertFalse(d.toString().contains("hi"), "toString never shows the output");
    }

    @Test
    void deliveryWithErrorsAndNullDataReachesTheRoute() throws Exception {
        Exchange ex = postSigned(processor(), delivery("req2", TIME, "null",
                "[{\"code\":\"MODEL_PREDICT_ERROR\",\"message\":\"boom\"}]"), SECRET);
        assertAnswer(ex, 200, WebhookDeliveryProcessor.OK);
        WebhookDelivery d = delivered.get(0);
        assertNull(d.data());
        assertEquals(List.of(Map.of("code", "MODEL_PREDICT_ERROR", "message", "boom")), d.errors());
    }

    @Test
    void tamperedBodyIsRefused() throws Exception {
        byte[] signed = delivery("req1", TIME, "{\"text\":\"hi\"}", "[]").getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignatureVerifier.sign(SECRET, signed);
        byte[] tampered = delivery("req1", TIME, "{\"text\":\"HI\"}", "[]").getBytes(StandardCharsets.UTF_8);
        Exchange ex = post(processor(), tampered, signature);
        assertAnswer(ex, 401, WebhookDeliveryProcessor.BAD_SIGNATURE);
        assertTrue(delivered.isEmpty());
        assertFalse(repository.contains("req1"));
    }

    @Test
    void missingSignatureIsRefused() throws Exception {
        Exchange ex = post(processor(), delivery("req1", TIME, "1", "[]").getBytes(StandardCharsets.UTF_8), null);
        assertAnswer(ex, 401, WebhookDeliveryProcessor.MISSING_SIGNATURE);
        ex = post(processor(), delivery("req1", TIME, "1", "[]").getBytes(StandardCharsets.UTF_8), "  ");
        assertAnswer(ex, 401, WebhookDeliveryProcessor.MISSING_SIGNATURE);
        assertTrue(delivered.isEmpty());
    }

    @Test
    void wrongSecretIsRefused() throws Exception {
        Exchange ex = postSigned(processor(), delivery("req1", TIME, "1", "[]"), "whsec_someone_else");
        assertAnswer(ex, 401, WebhookDeliveryProcessor.BAD_SIGNATURE);
        assertTrue(delivered.isEmpty());
    }

    @Test
    void malformedSignatureHeaderIsRefused() throws Exception {
        Exchange ex = post(processor(), delivery("req1", TIME, "1", "[]").getBytes(StandardCharsets.UTF_8),
                "v2=abc, sha256=zz");
        assertAnswer(ex, 401, WebhookDeliveryProcessor.BAD_SIGNATURE);
    }

    @Test
    void rotationOnBasetenSideAcceptsAnyV1Value() throws Exception {
        // Baseten sends v1=<new>,v1=<old> while rotating; we still only know the old secret.
        WebhookDeliveryProcessor p = processor(new WebhookSignatureVerifier(List.of(OLD_SECRET)), 1 << 20);
        byte[] body = delivery("rot1", TIME, "1", "[]").getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignatureVerifier.sign(SECRET, body) + "," + WebhookSignatureVerifier.sign(OLD_SECRET, body);
        assertAnswer(post(p, body, header), 200, WebhookDeliveryProcessor.OK);
        // and the other order, with a space
        body = delivery("rot2", TIME, "1", "[]").getBytes(StandardCharsets.UTF_8);
        header = WebhookSignatureVerifier.sign(OLD_SECRET, body) + ", " + WebhookSignatureVerifier.sign(SECRET, body);
        assertAnswer(post(p, body, header), 200, WebhookDeliveryProcessor.OK);
        assertEquals(2, delivered.size());
    }

    @Test
    void rotationOnOurSideAcceptsEitherConfiguredSecret() throws Exception {
        WebhookDeliveryProcessor p = processor(new WebhookSignatureVerifier(List.of(SECRET, OLD_SECRET)), 1 << 20);
        assertAnswer(postSigned(p, delivery("a", TIME, "1", "[]"), SECRET), 200, WebhookDeliveryProcessor.OK);
        assertAnswer(postSigned(p, delivery("b", TIME, "1", "[]"), OLD_SECRET), 200, WebhookDeliveryProcessor.OK);
        assertAnswer(postSigned(p, delivery("c", TIME, "1", "[]"), "whsec_retired"), 401,
                WebhookDeliveryProcessor.BAD_SIGNATURE);
        assertEquals(2, delivered.size());
    }

    @Test
    void staleOrFutureTimeIsRefused() throws Exception {
        WebhookDeliveryProcessor p = processor();
        assertAnswer(postSigned(p, delivery("old", "2024-04-30T00:56:09Z", "1", "[]"), SECRET), 401,
                WebhookDeliveryProcessor.STALE);
        assertAnswer(postSigned(p, delivery("future", "2024-04-30T01:06:11Z", "1", "[]"), SECRET), 401,
                WebhookDeliveryProcessor.STALE);
        assertTrue(delivered.isEmpty());
        assertFalse(repository.contains("old"), "a refused delivery is not remembered");
        // exactly at the edge of the tolerance, and with an explicit offset
        assertAnswer(postSigned(p, delivery("edge", "2024-04-30T00:56:10Z", "1", "[]"), SECRET), 200,
                WebhookDeliveryProcessor.OK);
        assertAnswer(postSigned(p, delivery("offset", "2024-04-30T03:01:00+02:00", "1", "[]"), SECRET), 200,
                WebhookDeliveryProcessor.OK);
    }

    @Test
    void zeroToleranceTurnsTheTimeCheckOff() throws Exception {
        WebhookDeliveryProcessor p = new WebhookDeliveryProcessor(new WebhookSignatureVerifier(List.of(SECRET)),
                Duration.ZERO, 1 << 20, repository, Clock.fixed(NOW, ZoneOffset.UTC), route());
        assertAnswer(postSigned(p, delivery("old", "2020-01-01T00:00:00Z", "1", "[]"), SECRET), 200,
                WebhookDeliveryProcessor.OK);
    }

    @Test
    void replayedDeliveryIsDroppedWith200() throws Exception {
        WebhookDeliveryProcessor p = processor();
        String body = delivery("same", TIME, "{\"x\":1}", "[]");
        assertAnswer(postSigned(p, body, SECRET), 200, WebhookDeliveryProcessor.OK);
        assertAnswer(postSigned(p, body, SECRET), 200, WebhookDeliveryProcessor.DUPLICATE);
        assertAnswer(postSigned(p, body, SECRET), 200, WebhookDeliveryProcessor.DUPLICATE);
        assertEquals(1, delivered.size());
    }

    @Test
    void routeFailureAnswers500AndTheRedeliveryIsProcessedExactlyOnce() throws Exception {
        WebhookDeliveryProcessor p = processor();
        String body = delivery("flaky", TIME, "{\"x\":1}", "[]");
        nextFailure = new IllegalStateException("database down: " + SECRET);
        Exchange failed = postSigned(p, body, SECRET);
        assertAnswer(failed, 500, WebhookDeliveryProcessor.ROUTE_FAILED);
        assertFalse(failed.getMessage().getBody(String.class).contains("database"), "the failure is not echoed");
        assertFalse(repository.contains("flaky"), "a failed delivery is forgotten so its retry runs");
        assertAnswer(postSigned(p, body, SECRET), 200, WebhookDeliveryProcessor.OK);
        assertAnswer(postSigned(p, body, SECRET), 200, WebhookDeliveryProcessor.DUPLICATE);
        assertEquals(2, delivered.size(), "the failed attempt and the one redelivery");
        assertTrue(repository.contains("flaky"));
    }

    @Test
    void invokerThatThrowsCountsAsRouteFailure() throws Exception {
        WebhookDeliveryProcessor p = new WebhookDeliveryProcessor(new WebhookSignatureVerifier(List.of(SECRET)),
                Duration.ofSeconds(300), 1 << 20, repository, Clock.fixed(NOW, ZoneOffset.UTC), (d, done) -> {
                    throw new IllegalStateException("no consumer");
                });
        assertAnswer(postSigned(p, delivery("t", TIME, "1", "[]"), SECRET), 500, WebhookDeliveryProcessor.ROUTE_FAILED);
        assertFalse(repository.contains("t"));
    }

    /** A processor whose route completes only when the test says so, with what the test says. */
    private WebhookDeliveryProcessor heldRoute(List<Consumer<Throwable>> pending) {
        return new WebhookDeliveryProcessor(new WebhookSignatureVerifier(List.of(SECRET)),
                Duration.ofSeconds(300), 1 << 20, repository, Clock.fixed(NOW, ZoneOffset.UTC), (d, done) -> {
                    delivered.add(d);
                    pending.add(done);
                });
    }

    /** Posts without waiting for the answer; the returned flag says whether the callback has run. */
    private Exchange postAsync(WebhookDeliveryProcessor p, String body, boolean[] answered) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setBody(bytes);
        ex.getMessage().setHeader(WebhookSignatureVerifier.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(SECRET, bytes));
        assertFalse(p.process(ex, doneSync -> answered[0] = true));
        return ex;
    }

    @Test
    void copyArrivingWhileTheFirstIsStillRunningWaitsAndIsADuplicateWhenTheFirstCompletes() throws Exception {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        WebhookDeliveryProcessor p = heldRoute(pending);
        String body = delivery("slow", TIME, "1", "[]");
        boolean[] firstAnswered = { false };
        boolean[] copyAnswered = { false };
        Exchange first = postAsync(p, body, firstAnswered);
        Exchange copy = postAsync(p, body, copyAnswered);
        assertFalse(firstAnswered[0]);
        assertFalse(copyAnswered[0], "the copy waits for the first run's outcome");
        assertEquals(1, delivered.size());

        pending.get(0).accept(null);
        assertAnswer(first, 200, WebhookDeliveryProcessor.OK);
        assertAnswer(copy, 200, WebhookDeliveryProcessor.DUPLICATE);
        assertTrue(copyAnswered[0]);
        assertEquals(1, delivered.size());
        assertAnswer(postSigned(p, body, SECRET), 200, WebhookDeliveryProcessor.DUPLICATE);
    }

    @Test
    void copyArrivingWhileTheFirstIsStillRunningIsProcessedWhenTheFirstFails() throws Exception {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        WebhookDeliveryProcessor p = heldRoute(pending);
        String body = delivery("flaky", TIME, "1", "[]");
        boolean[] firstAnswered = { false };
        boolean[] copyAnswered = { false };
        boolean[] thirdAnswered = { false };
        Exchange first = postAsync(p, body, firstAnswered);
        Exchange copy = postAsync(p, body, copyAnswered);
        Exchange third = postAsync(p, body, thirdAnswered);

        pending.get(0).accept(new IllegalStateException("downstream down"));
        assertAnswer(first, 500, WebhookDeliveryProcessor.ROUTE_FAILED);
        // the delivery is not lost: one waiting copy runs the route again, the other waits for that run
        assertEquals(2, delivered.size());
        assertFalse(copyAnswered[0] || thirdAnswered[0]);

        pending.get(1).accept(null);
        assertTrue(copyAnswered[0] && thirdAnswered[0]);
        // one copy ran the route (OK), the other waited for it (duplicate); which one is not promised
        List<String> answers = new ArrayList<>(List.of(copy.getMessage().getBody(String.class),
                third.getMessage().getBody(String.class)));
        answers.sort(null);
        assertEquals(List.of(WebhookDeliveryProcessor.OK, WebhookDeliveryProcessor.DUPLICATE).stream().sorted().toList(),
                answers);
        assertEquals(200, copy.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(200, third.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertTrue(repository.contains("flaky"));
        assertEquals(2, delivered.size());
    }

    @Test
    void aRouteSlowerThanBasetensWaitIsReportedOncePerRoute() throws Exception {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        WebhookDeliveryProcessor p = heldRoute(pending);
        p.setSlowRouteThreshold(Duration.ofNanos(1));
        WebhookDeliveryProcessor fast = heldRoute(pending);
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        // slf4j-simple writes to whatever System.err is at the time of the call
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            postAsync(p, delivery("a", TIME, "1", "[]"), new boolean[1]);
            postAsync(p, delivery("b", TIME, "1", "[]"), new boolean[1]);
            postAsync(fast, delivery("c", TIME, "1", "[]"), new boolean[1]);
            assertFalse(p.slowRouteReported(), "nothing is reported before a route ends");
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
            pending.forEach(done -> done.accept(null));
        } finally {
            System.setErr(stderr);
        }
        assertTrue(p.slowRouteReported());
        assertFalse(fast.slowRouteReported(), "the default threshold is Baseten's 10 s");
        String text = log.toString(StandardCharsets.UTF_8);
        int first = text.indexOf("Baseten waits about 10 s");
        assertTrue(first >= 0, text);
        assertEquals(-1, text.indexOf("Baseten waits about 10 s", first + 1), "logged once: " + text);
        assertTrue(text.contains("WARN") && text.contains("durable queue"), text);
        assertEquals(Duration.ofSeconds(10), WebhookDeliveryProcessor.BASETEN_ATTEMPT_TIMEOUT);
    }

    @Test
    void oversizedBodyIsRefusedByContentLengthAndByActualBytes() throws Exception {
        WebhookDeliveryProcessor p = processor(new WebhookSignatureVerifier(List.of(SECRET)), 100);
        String big = delivery("big", TIME, "\"" + "x".repeat(200) + "\"", "[]");
        assertAnswer(postSigned(p, big, SECRET), 413, "Payload larger than 100 bytes");

        // A Content-Length that lies (or none at all): the bytes read decide.
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setBody(new ByteArrayInputStream(bytes));
        ex.getMessage().setHeader("Content-Length", "10");
        ex.getMessage().setHeader(WebhookSignatureVerifier.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(SECRET, bytes));
        p.process(ex);
        assertAnswer(ex, 413, "Payload larger than 100 bytes");

        ex = new DefaultExchange(context);
        ex.getMessage().setBody(bytes);
        p.process(ex);
        assertAnswer(ex, 413, "Payload larger than 100 bytes");

        // Content-Length alone is enough: the body is not even read.
        assertEquals(413, p.check(101L, new byte[0], null).status());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void sizeIsCheckedBeforeTheSignature() throws Exception {
        WebhookDeliveryProcessor p = processor(new WebhookSignatureVerifier(List.of(SECRET)), 10);
        assertAnswer(post(p, "x".repeat(11).getBytes(StandardCharsets.UTF_8), null), 413, "Payload larger than 10 bytes");
        assertEquals(401, p.check(null, "x".repeat(10).getBytes(StandardCharsets.UTF_8), null).status());
    }

    @Test
    void signedButMalformedDeliveriesAre400() throws Exception {
        WebhookDeliveryProcessor p = processor();
        assertAnswer(postSigned(p, "{not json", SECRET), 400, "The delivery body is not valid JSON");
        assertAnswer(postSigned(p, "[1,2]", SECRET), 400, "The delivery body is not a JSON object");
        assertAnswer(postSigned(p, "{\"time\":\"" + TIME + "\"}", SECRET), 400, "The delivery has no request_id");
        assertAnswer(postSigned(p, "{\"request_id\":\"r\"}", SECRET), 400, "The delivery has no time");
        assertAnswer(postSigned(p, "{\"request_id\":\"r\",\"time\":\"yesterday\"}", SECRET), 400,
                "The delivery's time is not an ISO-8601 date-time");
        assertAnswer(postSigned(p, "{\"request_id\":7,\"time\":\"" + TIME + "\"}", SECRET), 400,
                "The delivery's request_id is not a string");
        assertAnswer(postSigned(p, "{\"request_id\":\"r\",\"time\":\"" + TIME + "\",\"errors\":{}}", SECRET), 400,
                "The delivery's errors field is not a list");
        assertAnswer(postSigned(p, "", SECRET), 400, "The delivery body is empty");
        assertAnswer(postSigned(p, "{\"request_id\":\"a\\nFAKE LOG LINE\",\"time\":\"" + TIME + "\"}", SECRET), 400,
                "The delivery's request_id has control characters");
        assertAnswer(postSigned(p, "{\"request_id\":\"" + "r".repeat(257) + "\",\"time\":\"" + TIME + "\"}", SECRET),
                400, "The delivery's request_id is longer than 256 characters");
        assertTrue(delivered.isEmpty());
    }

    @Test
    void unsignedDeliveriesOnlyWithoutVerifier() throws Exception {
        WebhookDeliveryProcessor p = processor(null, 1 << 20);
        assertAnswer(post(p, delivery("u", TIME, "1", "[]").getBytes(StandardCharsets.UTF_8), null), 200,
                WebhookDeliveryProcessor.OK);
        assertEquals(1, delivered.size());
    }

    @Test
    void repositoryFailureAnswers500SoBasetenRetries() throws Exception {
        repository = new MemoryIdempotentRepository() {
            @Override
            public boolean add(String key) {
                throw new IllegalStateException("repository down");
            }
        };
        repository.start();
        assertAnswer(postSigned(processor(), delivery("r", TIME, "1", "[]"), SECRET), 500,
                WebhookDeliveryProcessor.ROUTE_FAILED);
        assertTrue(delivered.isEmpty());
    }

    @Test
    void aCopyLosingTheSharedRepositorysInsertRaceIsADuplicateNotAFailure() throws Exception {
        // a JDBC repository on a keyed table: the replica that inserts second gets the database's duplicate-key error
        repository = new MemoryIdempotentRepository() {
            @Override
            public boolean add(String key) {
                super.add(key);
                throw new IllegalStateException("duplicate key value violates unique constraint");
            }
        };
        repository.start();
        assertAnswer(postSigned(processor(), delivery("r", TIME, "1", "[]"), SECRET), 200,
                WebhookDeliveryProcessor.DUPLICATE);
        assertTrue(delivered.isEmpty());
    }

    @Test
    void repositoryIsClaimedThenConfirmedOrRemoved() throws Exception {
        List<String> calls = new ArrayList<>();
        repository = new MemoryIdempotentRepository() {
            @Override
            public boolean add(String key) {
                calls.add("add " + key + " route-ran=" + delivered.size());
                return super.add(key);
            }

            @Override
            public boolean confirm(String key) {
                calls.add("confirm " + key + " route-ran=" + delivered.size());
                return super.confirm(key);
            }

            @Override
            public boolean remove(String key) {
                calls.add("remove " + key + " route-ran=" + delivered.size());
                return super.remove(key);
            }
        };
        repository.start();
        WebhookDeliveryProcessor p = processor();
        nextFailure = new IllegalStateException("x");
        postSigned(p, delivery("k", TIME, "1", "[]"), SECRET);
        postSigned(p, delivery("k", TIME, "1", "[]"), SECRET);
        postSigned(p, delivery("k", TIME, "1", "[]"), SECRET);
        assertEquals(List.of("add k route-ran=0", "remove k route-ran=1", "add k route-ran=1", "confirm k route-ran=2",
                "add k route-ran=2"), calls);
    }

    @Test
    void toStringShowsNoSecret() {
        assertFalse(processor().toString().contains(SECRET));
    }
}
