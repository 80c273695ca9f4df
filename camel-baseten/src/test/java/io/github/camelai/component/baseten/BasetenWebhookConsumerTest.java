package io.github.camelai.component.baseten;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook consumer over real HTTP, on Camel's platform-http with the Vert.x server. */
class BasetenWebhookConsumerTest {

    static final String SECRET = "whsec_test_secret_value_1234";
    static final String OLD_SECRET = "whsec_old_secret_value_5678";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private CamelContext context;
    private int port;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final IdempotentRepository repository = MemoryIdempotentRepository.memoryIdempotentRepository(50);

    @BeforeEach
    void start() throws Exception {
        port = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        context.getRegistry().bind("deliveries", repository);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("baseten:webhook?path=/baseten/results&webhookSecret=RAW(" + SECRET + "," + OLD_SECRET + ")"
                     + "&maxPayloadSize=4096&idempotentRepository=#deliveries")
                        .routeId("results")
                        .process(e -> {
                            if (failuresLeft.getAndDecrement() > 0) {
                                throw new IllegalStateException("downstream unavailable");
                            }
                        })
                        .to("mock:results");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    static String delivery(String requestId, Instant time, String data, String errors) {
        return "{\"request_id\":\"" + requestId + "\",\"model_id\":\"abcd1234\",\"deployment_id\":\"dep9\","
               + "\"type\":\"async_request_completed\",\"time\":\"" + time + "\",\"data\":" + data + ",\"errors\":"
               + errors + "}";
    }

    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postSigned(String body, String secret, Map<String, String> extra) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign(secret, bytes));
        return post("/baseten/results", bytes, headers);
    }

    private MockEndpoint mock() {
        return context.getEndpoint("mock:results", MockEndpoint.class);
    }

    private static void assertNoEcho(HttpResponse<String> r, String body) {
        assertFalse(r.body().contains(SECRET) || r.body().contains(OLD_SECRET), r.body());
        assertFalse(body.length() > 0 && r.body().contains(body), r.body());
        assertTrue(r.headers().firstValue("X-BASETEN-SIGNATURE").isEmpty(), "request headers are not echoed");
        assertTrue(r.headers().firstValue("X-Custom").isEmpty(), "request headers are not echoed");
    }

    @Test
    void signedDeliveryReachesTheRouteOnAFreshExchange() throws Exception {
        Instant now = Instant.now();
        String body = delivery("req-1", now, "{\"text\":\"Paul Graham is an essayist\",\"tokens\":[1,2,3]}", "[]");
        HttpResponse<String> r = postSigned(body, SECRET, Map.of("X-Custom", "leak-me",
                "CamelBasetenModelId", "spoofed", "X-BASETEN-REQUEST-ID", "req-1"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(WebhookDeliveryProcessor.OK, r.body());
        assertNoEcho(r, body);

        assertEquals(1, mock().getReceivedCounter());
        Exchange got = mock().getReceivedExchanges().get(0);
        assertEquals(Map.of("text", "Paul Graham is an essayist", "tokens", List.of(1, 2, 3)), got.getMessage().getBody());
        Map<String, Object> headers = got.getMessage().getHeaders();
        assertEquals("req-1", headers.get(BasetenConstants.ASYNC_REQUEST_ID));
        assertEquals("abcd1234", headers.get(BasetenConstants.MODEL_ID));
        assertEquals("dep9", headers.get(BasetenConstants.DEPLOYMENT_ID));
        assertEquals(now.toString(), headers.get(BasetenConstants.WEBHOOK_TIME));
        assertEquals("async_request_completed", headers.get(BasetenConstants.WEBHOOK_TYPE));
        assertEquals(List.of(), headers.get(BasetenConstants.WEBHOOK_ERRORS));
        // Nothing from the HTTP request: exactly our six headers.
        assertEquals(6, headers.size(), headers.toString());
        assertTrue(repository.contains("req-1"));
    }

    @Test
    void deliveryWithErrorsReachesTheRoute() throws Exception {
        String body = delivery("req-err", Instant.now(), "null",
                "[{\"code\":\"MODEL_PREDICT_TIMEOUT\",\"message\":\"Model took too long\"}]");
        assertEquals(200, postSigned(body, SECRET, Map.of()).statusCode());
        Exchange got = mock().getReceivedExchanges().get(0);
        assertNull(got.getMessage().getBody());
        assertEquals(List.of(Map.of("code", "MODEL_PREDICT_TIMEOUT", "message", "Model took too long")),
                got.getMessage().getHeader(BasetenConstants.WEBHOOK_ERRORS));
        // the check docs/baseten-async.md shows
        assertTrue(context.resolveLanguage("simple")
                .createPredicate("${header.CamelBasetenWebhookErrors.size} > 0").matches(got));
        assertFalse(context.resolveLanguage("simple")
                .createPredicate("${header.CamelBasetenWebhookErrors.size} > 0").matches(mockExchangeWithoutErrors()));
    }

    private Exchange mockExchangeWithoutErrors() {
        Exchange e = new org.apache.camel.support.DefaultExchange(context);
        e.getMessage().setHeader(BasetenConstants.WEBHOOK_ERRORS, List.of());
        return e;
    }

    @Test
    void tamperedBodyIs401() throws Exception {
        String signed = delivery("req-t", Instant.now(), "{\"score\":0.1}", "[]");
        String tampered = signed.replace("0.1", "0.9");
        HttpResponse<String> r = post("/baseten/results", tampered.getBytes(StandardCharsets.UTF_8),
                Map.of("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign(SECRET, signed.getBytes(StandardCharsets.UTF_8)),
                        "X-Custom", "x"));
        assertEquals(401, r.statusCode());
        assertEquals(WebhookDeliveryProcessor.BAD_SIGNATURE, r.body());
        assertNoEcho(r, tampered);
        assertEquals(0, mock().getReceivedCounter());
        assertFalse(repository.contains("req-t"));
    }

    @Test
    void missingSignatureIs401() throws Exception {
        String body = delivery("req-m", Instant.now(), "1", "[]");
        HttpResponse<String> r = post("/baseten/results", body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(401, r.statusCode());
        assertEquals(WebhookDeliveryProcessor.MISSING_SIGNATURE, r.body());
        assertEquals(0, mock().getReceivedCounter());
    }

    @Test
    void wrongSecretIs401() throws Exception {
        HttpResponse<String> r = postSigned(delivery("req-w", Instant.now(), "1", "[]"), "whsec_not_ours", Map.of());
        assertEquals(401, r.statusCode());
        assertEquals(0, mock().getReceivedCounter());
    }

    @Test
    void rotatedSecretsAreAccepted() throws Exception {
        // Our side knows both secrets (comma separated); Baseten sends new and old during its rotation.
        assertEquals(200, postSigned(delivery("rot-old", Instant.now(), "1", "[]"), OLD_SECRET, Map.of()).statusCode());
        byte[] body = delivery("rot-both", Instant.now(), "2", "[]").getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignatureVerifier.sign("whsec_brand_new_one", body) + ","
                        + WebhookSignatureVerifier.sign(SECRET, body);
        assertEquals(200, post("/baseten/results", body, Map.of("X-BASETEN-SIGNATURE", header)).statusCode());
        assertEquals(2, mock().getReceivedCounter());
    }

    @Test
    void rotatedSignaturesInSeparateHeaderLinesAreAccepted() throws Exception {
        // HTTP lets a sender repeat a header instead of comma-joining it; the server then hands over a list
        byte[] body = delivery("rot-lines", Instant.now(), "3", "[]").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/baseten/results"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign("whsec_brand_new_one", body))
                .header("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, mock().getReceivedCounter());
        // and a wrong signature in every line is still refused
        byte[] other = delivery("rot-lines-bad", Instant.now(), "4", "[]").getBytes(StandardCharsets.UTF_8);
        HttpRequest bad = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/baseten/results"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign("whsec_brand_new_one", other))
                .header("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(other)).build();
        assertEquals(401, http.send(bad, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(1, mock().getReceivedCounter());
    }

    @Test
    void staleDeliveryIs401() throws Exception {
        HttpResponse<String> r = postSigned(delivery("req-s", Instant.now().minusSeconds(301), "1", "[]"), SECRET,
                Map.of());
        assertEquals(401, r.statusCode());
        assertEquals(WebhookDeliveryProcessor.STALE, r.body());
        assertEquals(0, mock().getReceivedCounter());
    }

    @Test
    void replayedDeliveryIsProcessedOnce() throws Exception {
        String body = delivery("req-r", Instant.now(), "{\"a\":1}", "[]");
        assertEquals(200, postSigned(body, SECRET, Map.of()).statusCode());
        HttpResponse<String> again = postSigned(body, SECRET, Map.of());
        assertEquals(200, again.statusCode());
        assertEquals(WebhookDeliveryProcessor.DUPLICATE, again.body());
        assertEquals(1, mock().getReceivedCounter());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String body = delivery("req-big", Instant.now(), "\"" + "x".repeat(5000) + "\"", "[]");
        HttpResponse<String> r = postSigned(body, SECRET, Map.of());
        assertEquals(413, r.statusCode());
        assertEquals("Payload larger than 4096 bytes", r.body());
        assertEquals(0, mock().getReceivedCounter());
    }

    @Test
    void oversizedChunkedBodyWithoutContentLengthIs413() throws Exception {
        byte[] body = delivery("req-chunked", Instant.now(), "\"" + "y".repeat(5000) + "\"", "[]")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/baseten/results"))
                .header("Content-Type", "application/json")
                .header("X-BASETEN-SIGNATURE", WebhookSignatureVerifier.sign(SECRET, body))
                // a stream of unknown length goes out chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
        assertEquals("Payload larger than 4096 bytes", r.body());
        assertEquals(0, mock().getReceivedCounter());
    }

    @Test
    void malformedSignedBodyIs400() throws Exception {
        HttpResponse<String> r = postSigned("{\"request_id\":\"x\"", SECRET, Map.of());
        assertEquals(400, r.statusCode());
        assertEquals("The delivery body is not valid JSON", r.body());
    }

    @Test
    void routeFailureIs500AndTheRedeliveryIsProcessedExactlyOnce() throws Exception {
        failuresLeft.set(1);
        String body = delivery("req-f", Instant.now(), "{\"a\":1}", "[]");
        HttpResponse<String> first = postSigned(body, SECRET, Map.of());
        assertEquals(500, first.statusCode());
        assertEquals(WebhookDeliveryProcessor.ROUTE_FAILED, first.body());
        assertFalse(first.body().contains("downstream"), "the failure is not echoed");
        assertFalse(repository.contains("req-f"));
        assertEquals(0, mock().getReceivedCounter());

        HttpResponse<String> retry = postSigned(body, SECRET, Map.of());
        assertEquals(200, retry.statusCode());
        assertEquals(WebhookDeliveryProcessor.OK, retry.body());
        HttpResponse<String> third = postSigned(body, SECRET, Map.of());
        assertEquals(200, third.statusCode());
        assertEquals(WebhookDeliveryProcessor.DUPLICATE, third.body());
        assertEquals(1, mock().getReceivedCounter());
    }

    @Test
    void onlyPostIsServed() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                                                             + "/baseten/results")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 405 || r.statusCode() == 404, "GET answered " + r.statusCode());
        assertEquals(0, mock().getReceivedCounter());
    }

    @Test
    void stoppingTheRouteUnregistersThePath() throws Exception {
        context.getRouteController().stopRoute("results");
        HttpResponse<String> r = postSigned(delivery("req-x", Instant.now(), "1", "[]"), SECRET, Map.of());
        assertEquals(404, r.statusCode());
        context.getRouteController().startRoute("results");
        assertEquals(200, postSigned(delivery("req-y", Instant.now(), "1", "[]"), SECRET, Map.of()).statusCode());
    }

    @Test
    void secretIsRequiredUnlessUnsignedIsAllowed() throws Exception {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("baseten:webhook?path=/open").to("mock:open");
            }
        }));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, root);
        assertTrue(root.getMessage().startsWith("baseten:webhook needs webhookSecret"), root.getMessage());

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("baseten:webhook?path=/unsigned&allowUnsigned=true&timestampTolerance=0").to("mock:unsigned");
            }
        });
        HttpResponse<String> r = post("/unsigned",
                delivery("u1", Instant.parse("2020-01-01T00:00:00Z"), "1", "[]").getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, context.getEndpoint("mock:unsigned", MockEndpoint.class).getReceivedCounter());
    }

    @Test
    void pathIsRequiredAndChecked() {
        for (String uri : List.of("baseten:webhook?webhookSecret=RAW(whsec_x)",
                "baseten:webhook?webhookSecret=RAW(whsec_x)&path=/a//b",
                "baseten:webhook?webhookSecret=RAW(whsec_x)&path=/a/{id}")) {
            Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).to("mock:x");
                }
            }), uri);
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertInstanceOf(IllegalArgumentException.class, root, uri);
            assertTrue(root.getMessage().contains("path"), root.getMessage());
        }
    }

    @Test
    void negativeToleranceOrPayloadLimitRefusesToStart() {
        for (String[] c : new String[][] {
                { "timestampTolerance=-1", "timestampTolerance must not be negative, got -1 ms" },
                { "maxPayloadSize=0", "maxPayloadSize must be positive, got 0" } }) {
            String uri = "baseten:webhook?webhookSecret=RAW(whsec_x)&path=/neg&" + c[0];
            Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).to("mock:x");
                }
            }), uri);
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertInstanceOf(IllegalArgumentException.class, root, uri);
            assertTrue(root.getMessage().startsWith(c[1]), root.getMessage());
        }
    }

    @Test
    void webhookIsNotAProducerAndEndpointHidesSecret() {
        BasetenEndpoint e = context.getEndpoint("baseten:webhook?path=/p&webhookSecret=RAW(" + SECRET + ")",
                BasetenEndpoint.class);
        assertFalse(e.toString().contains(SECRET), e.toString());
        assertThrows(IllegalArgumentException.class, e::createProducer);
    }
}
