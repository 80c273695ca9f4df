package io.github.camelai.component.baseten;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasetenAsyncProducerTest {

    static final String PREDICT_PATH = "/environments/production/async_predict";
    static final String WEBHOOK = "https://hooks.example.com/baseten/results";

    private WireMockServer wm;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().dynamicPort());
        wm.start();
        context = new DefaultCamelContext();
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        wm.stop();
    }

    private String base() {
        return "modelUrl=http://localhost:" + wm.port() + "/environments/production&apiKey=test-key&maxRetries=0";
    }

    private String uri(String op, String extra) {
        return "baseten:" + op + "?" + base() + (extra.isEmpty() ? "" : "&" + extra);
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        Exchange ex = new DefaultExchange(context);
        ex.getMessage().setBody(body);
        headers.forEach(ex.getMessage()::setHeader);
        return template.send(uri, ex);
    }

    // ---------------------------------------------------------------- async-predict

    @Test
    void asyncPredictSendsEveryFieldAndReturnsTheRequestId() {
        wm.stubFor(post(PREDICT_PATH).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"request_id\":\"35643965636d4c3d\"}")));
        Exchange out = send(uri("async-predict", "webhookEndpoint=" + WEBHOOK + "&priority=1&maxTimeInQueueSeconds=900"
                                                 + "&inferenceRetryMaxAttempts=5&inferenceRetryInitialDelayMs=500"
                                                 + "&inferenceRetryMaxDelayMs=8000"),
                Map.of("prompt", "Paul Graham is", "max_tokens", 64), Map.of());
        assertNull(out.getException());
        assertEquals("35643965636d4c3d", out.getMessage().getBody());
        assertEquals("35643965636d4c3d", out.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID));
        wm.verify(1, postRequestedFor(urlEqualTo(PREDICT_PATH))
                .withHeader("Authorization", equalTo("Api-Key test-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"model_input\":{\"prompt\":\"Paul Graham is\",\"max_tokens\":64},"
                                             + "\"webhook_endpoint\":\"" + WEBHOOK + "\",\"priority\":1,"
                                             + "\"max_time_in_queue_seconds\":900,\"inference_retry_config\":"
                                             + "{\"max_attempts\":5,\"initial_delay_ms\":500,\"max_delay_ms\":8000}}",
                        false, false)));
    }

    @Test
    void asyncPredictSendsOnlyWhatIsSet() {
        wm.stubFor(post(PREDICT_PATH).willReturn(okJson("{\"request_id\":\"r1\"}")));
        Exchange out = send(uri("async-predict", "inferenceRetryMaxDelayMs=0"), "{\"x\": [1, 2]}", Map.of());
        assertEquals("r1", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(PREDICT_PATH)).withRequestBody(equalToJson(
                "{\"model_input\":{\"x\":[1,2]},\"inference_retry_config\":{\"max_delay_ms\":0}}", false, false)));
    }

    @Test
    void headersOverridePriorityQueueTimeAndRetries() {
        wm.stubFor(post(PREDICT_PATH).willReturn(okJson("{\"request_id\":\"r2\"}")));
        Exchange out = send(uri("async-predict", "webhookEndpoint=" + WEBHOOK + "&priority=2"), Map.of("a", 1),
                Map.of(BasetenConstants.PRIORITY, "0", BasetenConstants.MAX_TIME_IN_QUEUE_SECONDS, 10,
                        BasetenConstants.INFERENCE_RETRY_MAX_ATTEMPTS, 10L,
                        BasetenConstants.INFERENCE_RETRY_INITIAL_DELAY_MS, "10000",
                        BasetenConstants.INFERENCE_RETRY_MAX_DELAY_MS, 60000,
                        // never honoured: a header cannot redirect the output
                        "CamelBasetenWebhookEndpoint", "https://attacker.example.com/steal"));
        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo(PREDICT_PATH)).withRequestBody(equalToJson(
                "{\"model_input\":{\"a\":1},\"webhook_endpoint\":\"" + WEBHOOK + "\",\"priority\":0,"
                + "\"max_time_in_queue_seconds\":10,\"inference_retry_config\":{\"max_attempts\":10,"
                + "\"initial_delay_ms\":10000,\"max_delay_ms\":60000}}", false, false)));
    }

    /** A POJO body is written by Jackson. */
    public static final class Input {
        public String prompt = "hi";
        public int maxTokens = 3;
    }

    @Test
    void everyJsonAbleBodyBecomesModelInput() throws Exception {
        wm.stubFor(post(PREDICT_PATH).willReturn(okJson("{\"request_id\":\"r\"}")));
        String u = uri("async-predict", "");
        assertNull(send(u, LlmJson.MAPPER.readTree("{\"j\":true}"), Map.of()).getException());
        assertNull(send(u, new Input(), Map.of()).getException());
        assertNull(send(u, "[1,\"two\"]".getBytes(StandardCharsets.UTF_8), Map.of()).getException());
        assertNull(send(u, List.of("a", "b"), Map.of()).getException());
        assertNull(send(u, "\"just text\"", Map.of()).getException());
        List<String> bodies = wm.findAll(postRequestedFor(urlEqualTo(PREDICT_PATH))).stream()
                .map(r -> r.getBodyAsString()).toList();
        assertEquals(List.of("{\"model_input\":{\"j\":true}}", "{\"model_input\":{\"prompt\":\"hi\",\"maxTokens\":3}}",
                "{\"model_input\":[1,\"two\"]}", "{\"model_input\":[\"a\",\"b\"]}", "{\"model_input\":\"just text\"}"),
                bodies);
    }

    @Test
    void badBodiesFailBeforeAnyCall() {
        String u = uri("async-predict", "");
        Exception e = send(u, null, Map.of()).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("needs a body") && e.getMessage().contains("JsonNode"), e.getMessage());
        e = send(u, "not json {", Map.of()).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
        e = send(u, "  ", Map.of()).getException();
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = send(u, "null", Map.of()).getException();
        assertTrue(e.getMessage().contains("model_input is null"), e.getMessage());
        e = send(u, new Object(), Map.of()).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("a body of type Object cannot be written as JSON"), e.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void payloadLimitIs256KiBOfSerializedJson() {
        wm.stubFor(post(PREDICT_PATH).willReturn(okJson("{\"request_id\":\"r\"}")));
        String u = uri("async-predict", "");
        // {"model_input":"<n x>"} is n + 17 bytes
        int overhead = "{\"model_input\":\"\"}".length();
        Exchange fits = send(u, Map.of(), Map.of());
        assertNull(fits.getException());
        String exactly = "x".repeat(AsyncPredictRequest.MAX_PAYLOAD_BYTES - overhead);
        assertNull(send(u, LlmJson.MAPPER.getNodeFactory().textNode(exactly), Map.of()).getException());
        Exception e = send(u, LlmJson.MAPPER.getNodeFactory().textNode(exactly + "x"), Map.of()).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("The async-predict request is 262145 bytes of JSON; Baseten accepts at most 262144 bytes (256 KiB)."
                     + " Put large inputs in storage and pass their URL in model_input.", e.getMessage());
        // Escaping counts: 100,000 quotes are 200,000 bytes once written.
        e = send(u, Map.of("q", "\"".repeat(140_000)), Map.of()).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals(2, wm.findAll(postRequestedFor(urlEqualTo(PREDICT_PATH))).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "priority=-1|priority must be between 0 and 2, got -1",
            "priority=3|priority must be between 0 and 2, got 3",
            "maxTimeInQueueSeconds=9|maxTimeInQueueSeconds must be between 10 and 259200, got 9",
            "maxTimeInQueueSeconds=259201|maxTimeInQueueSeconds must be between 10 and 259200, got 259201",
            "inferenceRetryMaxAttempts=0|inferenceRetryMaxAttempts must be between 1 and 10, got 0",
            "inferenceRetryMaxAttempts=11|inferenceRetryMaxAttempts must be between 1 and 10, got 11",
            "inferenceRetryInitialDelayMs=-1|inferenceRetryInitialDelayMs must be between 0 and 10000, got -1",
            "inferenceRetryInitialDelayMs=10001|inferenceRetryInitialDelayMs must be between 0 and 10000, got 10001",
            "inferenceRetryMaxDelayMs=-1|inferenceRetryMaxDelayMs must be between 0 and 60000, got -1",
            "inferenceRetryMaxDelayMs=60001|inferenceRetryMaxDelayMs must be between 0 and 60000, got 60001",
            "webhookEndpoint=http://hooks.example.com/r|webhookEndpoint must use https (plain http only for localhost); got http://hooks.example.com",
            "webhookEndpoint=ftp://hooks.example.com/r|webhookEndpoint must use https (plain http only for localhost); got ftp://hooks.example.com",
            "webhookEndpoint=https://hooks.example.com//r|webhookEndpoint https://hooks.example.com has a double slash in its path; Baseten answers such URLs with a redirect and the delivery is lost",
            "webhookEndpoint=https://hooks.example.com/a//b?token=s3cr3t|webhookEndpoint https://hooks.example.com has a double slash in its path; Baseten answers such URLs with a redirect and the delivery is lost",
            "webhookEndpoint=/relative/path|webhookEndpoint must be an absolute https URL with a host name",
    })
    void outOfRangeOptionsFailTheRouteAtStart(String option, String message) {
        // DefaultCamelContext starts a route added to a started context at once.
        Exception e = assertThrows(FailedToStartRouteException.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad").to(uri("async-predict", option));
            }
        }));
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, root);
        assertEquals(message, root.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CamelBasetenPriority|3|Header CamelBasetenPriority (priority) must be between 0 and 2, got 3",
            "CamelBasetenPriority|high|Header CamelBasetenPriority (priority) must be an integer between 0 and 2",
            "CamelBasetenPriority|1.5|Header CamelBasetenPriority (priority) must be an integer between 0 and 2",
            "CamelBasetenMaxTimeInQueueSeconds|5|Header CamelBasetenMaxTimeInQueueSeconds (maxTimeInQueueSeconds) must be between 10 and 259200, got 5",
            "CamelBasetenInferenceRetryMaxAttempts|99|Header CamelBasetenInferenceRetryMaxAttempts (inferenceRetryMaxAttempts) must be between 1 and 10, got 99",
            "CamelBasetenInferenceRetryInitialDelayMs|-5|Header CamelBasetenInferenceRetryInitialDelayMs (inferenceRetryInitialDelayMs) must be between 0 and 10000, got -5",
            "CamelBasetenInferenceRetryMaxDelayMs|60001|Header CamelBasetenInferenceRetryMaxDelayMs (inferenceRetryMaxDelayMs) must be between 0 and 60000, got 60001",
    })
    void outOfRangeHeadersFailTheExchangeBeforeAnyCall(String header, String value, String message) {
        Exception e = send(uri("async-predict", ""), Map.of("a", 1), Map.of(header, value)).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals(message, e.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:8080/hook", "http://127.0.0.1/hook", "https://h.example.com/a/b?x=1",
                             "https://h.example.com" })
    void acceptedWebhookEndpoints(String url) {
        assertEquals(url, AsyncPredictRequest.webhookEndpoint(url));
    }

    @Test
    void answerWithoutRequestIdFailsWithTypedError() {
        wm.stubFor(post(PREDICT_PATH).willReturn(okJson("{\"status\":\"ok\"}")));
        Exception e = send(uri("async-predict", ""), Map.of("a", 1), Map.of()).getException();
        assertInstanceOf(LlmException.class, e);
        assertEquals("Baseten answered async_predict with HTTP 200 but without a request_id", e.getMessage());
    }

    @Test
    void payloadRefusedByServiceIsTypedError() {
        wm.stubFor(post(PREDICT_PATH).willReturn(aResponse().withStatus(413)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Payload too large\"}")));
        Exception e = send(uri("async-predict", ""), Map.of("a", 1), Map.of()).getException();
        LlmApiException api = assertInstanceOf(LlmApiException.class, e);
        assertEquals(413, api.getStatusCode());
        assertTrue(api.getMessage().contains("Payload too large"), api.getMessage());
    }

    @Test
    void asyncNeedsDedicatedDeployment() {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:m").to("baseten:async-predict?model=openai/gpt-oss-120b&apiKey=k");
            }
        }));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("needs a dedicated deployment"), root.getMessage());
    }

    // ---------------------------------------------------------------- async-status

    @ParameterizedTest
    @CsvSource({
            "QUEUED, PENDING", "IN_PROGRESS, PENDING", "SUCCEEDED, SUCCEEDED", "FAILED, NO_WEBHOOK_PROVIDED",
            "EXPIRED, CANCELED", "CANCELED, CANCELED", "WEBHOOK_FAILED, FAILED" })
    void statusAnswerForEachDocumentedStatus(String status, String webhookStatus) {
        String errors = status.equals("FAILED")
                ? "[{\"code\":\"MODEL_PREDICT_ERROR\",\"message\":\"predict raised\"}]" : "[]";
        String answer = "{\"request_id\":\"abc123\",\"model_id\":\"yqvr2lxw\",\"deployment_id\":\"31kmg1w\","
                        + "\"status\":\"" + status + "\",\"webhook_status\":\"" + webhookStatus + "\","
                        + "\"created_at\":\"2025-03-27T00:17:51.578558Z\",\"status_at\":\"2025-03-27T00:18:38.768572Z\","
                        + "\"errors\":" + errors + "}";
        wm.stubFor(get("/async_request/abc123").willReturn(okJson(answer)));
        Exchange out = send(uri("async-status", ""), "abc123", Map.of());
        assertNull(out.getException());
        Map<?, ?> body = assertInstanceOf(Map.class, out.getMessage().getBody());
        assertEquals(status, body.get("status"));
        assertEquals(webhookStatus, body.get("webhook_status"));
        assertEquals("2025-03-27T00:17:51.578558Z", body.get("created_at"));
        assertEquals(status.equals("FAILED") ? List.of(Map.of("code", "MODEL_PREDICT_ERROR", "message", "predict raised"))
                : List.of(), body.get("errors"));
        assertEquals(status, out.getMessage().getHeader(BasetenConstants.ASYNC_STATUS));
        assertEquals("abc123", out.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID));
        assertEquals("yqvr2lxw", out.getMessage().getHeader(BasetenConstants.MODEL_ID));
        assertEquals("31kmg1w", out.getMessage().getHeader(BasetenConstants.DEPLOYMENT_ID));
        wm.verify(getRequestedFor(urlEqualTo("/async_request/abc123"))
                .withHeader("Authorization", equalTo("Api-Key test-key")));
    }

    @Test
    void statusIdFromHeaderWhenBodyIsNotAString() {
        wm.stubFor(get("/async_request/fromheader").willReturn(okJson("{\"request_id\":\"fromheader\",\"status\":\"QUEUED\"}")));
        Exchange out = send(uri("async-status", ""), Map.of("other", "body"),
                Map.of(BasetenConstants.ASYNC_REQUEST_ID, "fromheader"));
        assertNull(out.getException());
        assertEquals("QUEUED", out.getMessage().getHeader(BasetenConstants.ASYNC_STATUS));
        // a String body wins over the header
        wm.stubFor(get("/async_request/frombody").willReturn(okJson("{\"status\":\"IN_PROGRESS\"}")));
        out = send(uri("async-status", ""), " frombody ", Map.of(BasetenConstants.ASYNC_REQUEST_ID, "fromheader"));
        assertEquals("IN_PROGRESS", out.getMessage().getHeader(BasetenConstants.ASYNC_STATUS));
        assertEquals("frombody", out.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID));
    }

    @Test
    void hostileOrMissingIdsAreRefusedBeforeAnyCall() {
        Exception e = send(uri("async-status", ""), null,
                Map.of(BasetenConstants.ASYNC_REQUEST_ID, "../../admin?x=1")).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertFalse(e.getMessage().contains("admin"), "the untrusted value is not echoed: " + e.getMessage());
        e = send(uri("async-cancel", ""), "a/b", Map.of()).getException();
        assertInstanceOf(IllegalArgumentException.class, e);
        e = send(uri("async-status", ""), null, Map.of()).getException();
        assertEquals("No async request id: send it as the String body or in header CamelBasetenAsyncRequestId",
                e.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownRequestIdIsTyped404() {
        wm.stubFor(get("/async_request/nope").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Async request not found\"}")));
        Exception e = send(uri("async-status", ""), "nope", Map.of()).getException();
        LlmApiException api = assertInstanceOf(LlmApiException.class, e);
        assertEquals(404, api.getStatusCode());
        assertTrue(api.getMessage().contains("Async request not found"), api.getMessage());
    }

    @Test
    void nonObjectAnswerIsTypedError() {
        wm.stubFor(get("/async_request/weird").willReturn(okJson("[1]")));
        Exception e = send(uri("async-status", ""), "weird", Map.of()).getException();
        assertInstanceOf(LlmException.class, e);
        assertEquals("Cannot read the async status from the service's answer: not a JSON object", e.getMessage());
    }

    // ---------------------------------------------------------------- async-cancel

    @Test
    void cancelQueuedRequest() {
        wm.stubFor(delete("/async_request/q1").willReturn(okJson(
                "{\"request_id\":\"q1\",\"canceled\":true,\"message\":\"Request canceled\"}")));
        Exchange out = send(uri("async-cancel", ""), null, Map.of(BasetenConstants.ASYNC_REQUEST_ID, "q1"));
        assertNull(out.getException());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("request_id", "q1");
        expected.put("canceled", true);
        expected.put("message", "Request canceled");
        assertEquals(expected, out.getMessage().getBody());
        assertEquals("q1", out.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID));
        wm.verify(deleteRequestedFor(urlEqualTo("/async_request/q1"))
                .withHeader("Authorization", equalTo("Api-Key test-key")));
    }

    @Test
    void cancelOfARunningRequestIsRefusedInTheAnswer() {
        wm.stubFor(delete("/async_request/r1").willReturn(okJson(
                "{\"request_id\":\"r1\",\"canceled\":false,\"message\":\"Only QUEUED requests may be canceled\"}")));
        Exchange out = send(uri("async-cancel", ""), "r1", Map.of());
        assertNull(out.getException());
        Map<?, ?> body = assertInstanceOf(Map.class, out.getMessage().getBody());
        assertEquals(false, body.get("canceled"));
        assertEquals("Only QUEUED requests may be canceled", body.get("message"));
    }

    // ---------------------------------------------------------------- async-queue-status

    @Test
    void queueStatus() {
        wm.stubFor(get("/environments/production/async_queue_status").willReturn(okJson(
                "{\"model_id\":\"abcd1234\",\"deployment_id\":\"dep1\",\"num_queued_requests\":12,"
                + "\"num_in_progress_requests\":3}")));
        Exchange out = send(uri("async-queue-status", ""), "ignored", Map.of());
        assertNull(out.getException());
        assertEquals(Map.of("model_id", "abcd1234", "deployment_id", "dep1", "num_queued_requests", 12,
                "num_in_progress_requests", 3), out.getMessage().getBody());
        assertEquals("abcd1234", out.getMessage().getHeader(BasetenConstants.MODEL_ID));
        wm.verify(getRequestedFor(urlEqualTo("/environments/production/async_queue_status"))
                .withHeader("Authorization", equalTo("Api-Key test-key")));
    }

    @Test
    void modelIdTargetsBasetenUrls() throws Exception {
        BasetenEndpoint e = context.getEndpoint("baseten:async-status?modelId=abcd1234&environment=staging&apiKey=k",
                BasetenEndpoint.class);
        e.start();
        assertEquals("https://model-abcd1234.api.baseten.co/environments/staging/async_predict",
                e.target().asyncPredictUrl());
        assertEquals("https://model-abcd1234.api.baseten.co/async_request/xyz", e.target().asyncRequestUrl("xyz"));
        assertEquals("https://model-abcd1234.api.baseten.co/environments/staging/async_queue_status",
                e.target().asyncQueueStatusUrl());
        e.stop();
    }
}
