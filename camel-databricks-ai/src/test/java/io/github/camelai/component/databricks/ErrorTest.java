package io.github.camelai.component.databricks;

import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.error.LlmAuthenticationException;
import io.github.camelai.llm.error.LlmBadRequestException;
import io.github.camelai.llm.error.LlmRateLimitException;
import io.github.camelai.llm.error.LlmServerException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Databricks' error answers become typed exceptions; 429 and 503 are retried. */
class ErrorTest extends DatabricksTestSupport {

    static final String CHAT = "/serving-endpoints/my-llm/invocations";
    static final String ANSWER = """
            {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    private static void answer(String path, int status, String contentType, String body) {
        wm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType)
                .withBody(body)));
    }

    private Exchange chat(String query) {
        return send(uri("chat", "model=my-llm&maxRetries=0" + query), "Hi");
    }

    @Test
    void badRequestWithErrorCode() {
        answer(CHAT, 400, "application/json", "{\"error_code\":\"BAD_REQUEST\",\"message\":\"Roles must alternate\"}");

        LlmBadRequestException e = assertInstanceOf(LlmBadRequestException.class, chat("").getException());

        assertEquals(400, e.getStatusCode());
        assertEquals("BAD_REQUEST", e.getErrorCode());
        assertEquals("Roles must alternate", e.getServiceMessage());
        assertEquals("Databricks returned HTTP 400 BAD_REQUEST: Roles must alternate", e.getMessage());
    }

    @Test
    void numericErrorCodeWithRequestIdInTheMessage() {
        answer(CHAT, 403, "application/json", "{\"error_code\":403,\"message\":\"Invalid access token. [ReqId: 4f2b-91]\"}");

        LlmAuthenticationException e = assertInstanceOf(LlmAuthenticationException.class, chat("").getException());

        assertEquals(403, e.getStatusCode());
        assertEquals("403", e.getErrorCode());
        assertEquals("4f2b-91", e.getRequestId());
        assertTrue(e.getMessage().startsWith("Databricks returned HTTP 403: Invalid access token. [ReqId: 4f2b-91]"),
                e.getMessage());
        assertTrue(!e.getMessage().contains(TOKEN));
    }

    @Test
    void unknownEndpointWithRequestIdHeader() {
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", "req-404")
                .withBody("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Endpoint my-llm does not exist\"}")));

        LlmBadRequestException e = assertInstanceOf(LlmBadRequestException.class, chat("").getException());

        assertEquals("RESOURCE_DOES_NOT_EXIST", e.getErrorCode());
        assertEquals("req-404", e.getRequestId());
        assertEquals("Databricks returned HTTP 404 RESOURCE_DOES_NOT_EXIST: Endpoint my-llm does not exist (request id req-404)",
                e.getMessage());
    }

    @Test
    void rateLimitWithoutRetries() {
        answer(CHAT, 429, "application/json", "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"Exceeded workspace rate limit\"}");

        LlmRateLimitException e = assertInstanceOf(LlmRateLimitException.class, chat("").getException());

        assertEquals("REQUEST_LIMIT_EXCEEDED", e.getErrorCode());
        assertTrue(e.isRetryable());
        assertEquals(1, wm.findAll(postRequestedFor(urlEqualTo(CHAT))).size());
    }

    @Test
    void htmlAndPlainTextServerErrors() {
        answer(CHAT, 500, "text/html", "<html><head><title>500 Internal Server Error</title></head><body>x</body></html>");
        LlmServerException html = assertInstanceOf(LlmServerException.class, chat("").getException());
        assertEquals("Databricks returned HTTP 500: 500 Internal Server Error", html.getMessage());

        answer(CHAT, 504, "text/plain", "upstream request   timeout");
        LlmServerException text = assertInstanceOf(LlmServerException.class, chat("").getException());
        assertEquals(504, text.getStatusCode());
        assertEquals("Databricks returned HTTP 504: upstream request timeout", text.getMessage());
    }

    @Test
    void responsesErrorsAreTypedToo() {
        answer("/serving-endpoints/responses", 400, "application/json",
                "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"Model gpt-x does not support the Responses API\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RequestInfo\",\"request_id\":\"rq-9\"}]}");

        Exchange out = send(uri("responses", "model=gpt-x&maxRetries=0"), "Hi");

        LlmBadRequestException e = assertInstanceOf(LlmBadRequestException.class, out.getException());
        assertEquals("INVALID_PARAMETER_VALUE", e.getErrorCode());
        assertEquals("rq-9", e.getRequestId());
    }

    @Test
    void a429WithRetryAfterZeroIsRetriedThenSucceeds() {
        wm.stubFor(post(urlEqualTo(CHAT)).inScenario("limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0").withHeader("Content-Type", "application/json")
                        .withBody("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"Too many requests\"}"))
                .willSetStateTo("recovered"));
        wm.stubFor(post(urlEqualTo(CHAT)).inScenario("limit").whenScenarioStateIs("recovered").willReturn(okJson(ANSWER)));

        Exchange out = send(uri("chat", "model=my-llm"), "Hi");

        assertNull(out.getException());
        assertEquals("ok", out.getMessage().getBody());
        assertEquals(2, wm.findAll(postRequestedFor(urlEqualTo(CHAT))).size());
    }

    @Test
    void a503IsRetriedThenSucceedsAlsoForAStreamBeforeItOpens() {
        for (String state : new String[] { "plain", "stream" }) {
            wm.resetAll();
            wm.stubFor(post(urlEqualTo(CHAT)).inScenario(state).whenScenarioStateIs(STARTED)
                    .willReturn(aResponse().withStatus(503).withBody("Service Unavailable"))
                    .willSetStateTo("up"));
            wm.stubFor(post(urlEqualTo(CHAT)).inScenario(state).whenScenarioStateIs("up").willReturn(
                    state.equals("plain") ? okJson(ANSWER)
                            : aResponse().withHeader("Content-Type", "text/event-stream").withBody(
                                    "data: {\"id\":\"s\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n")));

            Exchange out = send(uri("chat", "model=my-llm&retryInitialDelay=10"
                                            + (state.equals("stream") ? "&streaming=true&streamOutput=aggregate" : "")), "Hi");

            assertNull(out.getException(), state);
            assertEquals("ok", out.getMessage().getBody());
            assertEquals(2, wm.findAll(postRequestedFor(urlEqualTo(CHAT))).size(), state);
        }
    }

    @Test
    void retriesStopAfterMaxRetries() {
        answer(CHAT, 429, "application/json", "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"Slow down\"}");

        Exchange out = send(uri("chat", "model=my-llm&maxRetries=2&retryInitialDelay=5&retryMaxDelay=20"), "Hi");

        LlmApiException e = assertInstanceOf(LlmRateLimitException.class, out.getException());
        assertEquals("Slow down", e.getServiceMessage());
        assertEquals(3, wm.findAll(postRequestedFor(urlEqualTo(CHAT))).size());
    }
}
