package io.github.camelai.component.baseten;

import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.error.LlmAuthenticationException;
import io.github.camelai.llm.error.LlmBadRequestException;
import io.github.camelai.llm.error.LlmRateLimitException;
import io.github.camelai.llm.error.LlmServerException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Baseten's three error shapes become typed exceptions; 429 and 5xx are retried. */
class BasetenErrorsTest extends BasetenWireMockSupport {

    private LlmApiException fail(int status, String body, String uri) {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req-77").withBody(body)));
        Exchange out = send(uri, "Hi");
        return assertInstanceOf(LlmApiException.class, out.getException());
    }

    private String uri() {
        return "baseten:chat?model=m&maxRetries=0&baseUrl=" + baseUrl();
    }

    @Test
    void errorAsPlainString() {
        LlmApiException e = fail(400, "{\"error\":\"Model not found: x/y\"}", uri());
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals(400, e.getStatusCode());
        assertEquals("Model not found: x/y", e.getServiceMessage());
        assertEquals("req-77", e.getRequestId());
        assertEquals("Baseten returned HTTP 400: Model not found: x/y (request id req-77)", e.getMessage());
    }

    @Test
    void errorAsObject() {
        LlmApiException e = fail(400, "{\"error\":{\"message\":\"tools and response_format cannot be combined\","
                                      + "\"type\":\"invalid_request_error\",\"param\":\"tools\",\"code\":\"bad_combo\"}}",
                uri());
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals("bad_combo", e.getErrorCode());
        assertEquals("tools and response_format cannot be combined", e.getServiceMessage());
    }

    @Test
    void bareMessageTypeCode() {
        LlmApiException e = fail(401, "{\"message\":\"Invalid API key\",\"type\":\"auth\",\"code\":\"unauthorized\"}",
                uri());
        assertInstanceOf(LlmAuthenticationException.class, e);
        assertEquals(401, e.getStatusCode());
        assertEquals("unauthorized", e.getErrorCode());
        assertEquals("Invalid API key", e.getServiceMessage());
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
    }

    @Test
    void serverErrorWithoutRetries() {
        LlmApiException e = fail(503, "{\"error\":\"Model is scaling up\"}", uri());
        assertInstanceOf(LlmServerException.class, e);
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void rateLimitIsRetriedThenSucceeds() {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("rl").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"Rate limit exceeded\"}"))
                .willSetStateTo("second"));
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("rl").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")
                        .withBody("upstream busy"))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(chatResponse("finally"))));
        Exchange out = send("baseten:chat?model=m&retryInitialDelay=20&retryMaxDelay=100&baseUrl=" + baseUrl(), "Hi");
        assertNull(out.getException());
        assertEquals("finally", out.getMessage().getBody());
        wm.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void rateLimitRetriesAreBounded() {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"TPM limit\",\"type\":\"rate_limit_error\"}}")));
        Exchange out = send("baseten:chat?model=m&maxRetries=2&retryInitialDelay=10&retryMaxDelay=20&baseUrl="
                            + baseUrl(), "Hi");
        LlmRateLimitException e = assertInstanceOf(LlmRateLimitException.class, out.getException());
        assertEquals("TPM limit", e.getServiceMessage());
        assertEquals("rate_limit_error", e.getErrorCode());
        wm.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void badRequestIsNotRetried() {
        fail(400, "{\"error\":\"bad\"}", "baseten:chat?model=m&maxRetries=3&retryInitialDelay=10&baseUrl=" + baseUrl());
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void predictErrorsAreTypedToo() {
        wm.stubFor(post(urlEqualTo("/environments/production/predict")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Model version not found\"}")));
        Exchange out = send("baseten:predict?modelUrl=" + modelUrl(), "{}");
        LlmBadRequestException e = assertInstanceOf(LlmBadRequestException.class, out.getException());
        assertEquals(404, e.getStatusCode());
        assertEquals("Model version not found", e.getServiceMessage());
    }
}
