package io.github.camelai.component.databricks;

import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.telemetry.GenAiConventions;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** requestsPerMinute and tokensPerMinute of databricks-ai: options, the whole-minute rule, stream correction, timer. */
class QuotaTest extends DatabricksTestSupport {

    static final String CHAT = "/serving-endpoints/my-llm/invocations";

    /** A stream whose running usage ends at 3,000 tokens: far more than the few the request was estimated at. */
    static final String COSTLY_SSE = """
            data: {"id":"s1","object":"chat.completion.chunk","model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}

            data: {"id":"s1","object":"chat.completion.chunk","model":"llama","choices":[{"index":0,"delta":{"content":"lo"}},{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: {"id":"s1","object":"chat.completion.chunk","model":"llama","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2995,"total_tokens":3000}}

            data: [DONE]

            """;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Override
    void customize(DatabricksAiComponent component) {
        context.getRegistry().bind("meters", meters);
    }

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // 60,000 tokens a minute: 1,000 a second
                from("direct:stream").to(uri("chat", "model=my-llm&streaming=true&tokensPerMinute=60000"))
                        .split(body()).streaming().to("mock:chunks");
                from("direct:plain").to(uri("chat", "model=my-llm&tokensPerMinute=60000"));
            }
        };
    }

    @Test
    void aStreamIsCorrectedByItsFinalUsageAndTheNextCallWaitsItOff() throws Exception {
        wm.stubFor(post(urlEqualTo(CHAT)).withRequestBody(containing("\"stream\":true")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(COSTLY_SSE)));
        wm.stubFor(post(urlEqualTo(CHAT)).withRequestBody(notContaining("\"stream\":true")).willReturn(okJson(
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"llama\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}")));
        MockEndpoint chunks = context.getEndpoint("mock:chunks", MockEndpoint.class);
        chunks.expectedMinimumMessageCount(2);

        Exchange streamed = send("direct:stream", "Hello there");
        assertNull(streamed.getException());
        chunks.assertIsSatisfied(5000);

        long start = System.nanoTime();
        Exchange next = send("direct:plain", "Hello there");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertNull(next.getException());
        assertEquals("Hi", next.getMessage().getBody(String.class));
        // the stream's 3,000 tokens put the shared quota ~3 s in debt; with the estimate only, it would go at once
        assertTrue(millis >= 2_000, "the next call went after " + millis + " ms");

        Timer waits = meters.find(GenAiConventions.QUOTA_WAIT).tag(GenAiConventions.OPERATION_NAME, "chat")
                .tag(GenAiConventions.PROVIDER_NAME, "databricks").tag(GenAiConventions.REQUEST_MODEL, "my-llm").timer();
        assertNotNull(waits, "the quota wait timer is registered with the GenAI tags");
        assertEquals(2, waits.count());
        assertTrue(waits.max(TimeUnit.MILLISECONDS) >= 1_800, "longest wait " + waits.max(TimeUnit.MILLISECONDS) + " ms");
    }

    @Test
    void aCallEstimatedAboveAWholeMinutesTokensFailsBeforeAnyHttpCall() {
        Exchange out = send(uri("chat", "model=my-llm&tokensPerMinute=1000&maxTokens=2000"), "Hello");
        assertNotNull(out.getException());
        String message = out.getException().getMessage();
        assertTrue(message.contains("tokensPerMinute=1000"), message);
        assertEquals(0, requestCount());
    }

    @Test
    void theEndpointsOptionWinsOverTheComponents() throws Exception {
        component.getConfiguration().setRequestsPerMinute(60);
        component.getConfiguration().setTokensPerMinute(50_000);
        component.getConfiguration().setRateLimitGroup("workspace");
        DatabricksAiEndpoint own = context.getEndpoint(uri("chat", "model=a&requestsPerMinute=120&rateLimitGroup=mine"),
                DatabricksAiEndpoint.class);
        DatabricksAiEndpoint inherited = context.getEndpoint(uri("chat", "model=b"), DatabricksAiEndpoint.class);
        String ownQuota = own.calls().client().quota().toString();
        String inheritedQuota = inherited.calls().client().quota().toString();
        assertTrue(ownQuota.contains("requestsPerMinute=120, tokensPerMinute=50000"), ownQuota);
        assertTrue(ownQuota.contains("group:mine"), ownQuota);
        assertTrue(inheritedQuota.contains("requestsPerMinute=60, tokensPerMinute=50000"), inheritedQuota);
        assertTrue(inheritedQuota.contains("group:workspace"), inheritedQuota);
    }
}
