package io.github.camelai.component.baseten;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GenAI telemetry of baseten: calls, end to end: Micrometer meters on a real {@link SimpleMeterRegistry} bound as
 * camel-micrometer's {@code metricsRegistry}, and span attributes through camel-opentelemetry2 into OpenTelemetry's
 * in-memory exporter.
 */
class BasetenTelemetryTest {

    static final String PROMPT = "What is the capital of France?";
    static final String ANSWER = "Paris is the capital.";

    static WireMockServer wm;
    CamelContext context;
    ProducerTemplate template;
    SimpleMeterRegistry meters;
    InMemorySpanExporter spans;
    SdkTracerProvider tracerProvider;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void start() throws Exception {
        wm.resetAll();
        context = new DefaultCamelContext();
        context.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "k")));
        meters = new SimpleMeterRegistry();
        context.getRegistry().bind("metricsRegistry", meters);
        spans = InMemorySpanExporter.create();
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        context.getRegistry().bind("otelTracer", tracerProvider.get("test"));
        context.getRegistry().bind("otelPropagators", ContextPropagators.noop());
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.init(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:chat").to("baseten:chat?baseUrl=" + base() + "/v1&model=m1&temperature=0.2&maxTokens=64"
                                       + "&maxRetries=0&apiKey=RAW(sk-secret-in-uri)");
                from("direct:stream").to("baseten:chat?baseUrl=" + base() + "/v1&model=m1&streaming=true"
                                         + "&streamOutput=aggregate");
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        tracerProvider.close();
    }

    static String base() {
        return "http://localhost:" + wm.port();
    }

    static String chatResponse() {
        return "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\",\"model\":\"served-model\",\"choices\":[{\"index\":0,"
               + "\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
               + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}";
    }

    @Test
    void aChatRecordsDurationAndTokensWithTheConventionsTags() {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(chatResponse())));
        Exchange out = template.send("direct:chat", e -> e.getMessage().setBody(PROMPT));
        assertNull(out.getException());
        assertEquals(ANSWER, out.getMessage().getBody());

        Timer duration = meters.find("gen_ai.client.operation.duration").tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "baseten").tag("gen_ai.request.model", "m1")
                .tag("gen_ai.response.model", "served-model").tag("error.type", "").timer();
        assertNotNull(duration, meters.getMetersAsString());
        assertEquals(1, duration.count());
        assertTrue(duration.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
        assertEquals(5.0, tokens("input").totalAmount());
        assertEquals(7.0, tokens("output").totalAmount());
        assertEquals(1, tokens("output").count());
        assertNull(meters.find("gen_ai.client.operation.time_to_first_chunk").timer(), "not a stream");
    }

    @Test
    void everyOperationThatCallsAModelHasAnOperationName() {
        for (BasetenOperation op : BasetenOperation.values()) {
            boolean jobOrWebhook = op == BasetenOperation.WEBHOOK || op.value().startsWith("async-");
            assertEquals(jobOrWebhook, BasetenEndpoint.genAiOperation(op) == null, op.value());
        }
        assertEquals("classify", BasetenEndpoint.genAiOperation(BasetenOperation.CLASSIFY));
    }

    @Test
    void aHeaderOverridingTheModelIsTheRequestModel() {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(chatResponse())));
        template.send("direct:chat", e -> {
            e.getMessage().setBody(PROMPT);
            e.getMessage().setHeader(BasetenConstants.MODEL, "m2");
        });
        assertNotNull(meters.find("gen_ai.client.operation.duration").tag("gen_ai.request.model", "m2").timer());
        assertNull(meters.find("gen_ai.client.operation.duration").tag("gen_ai.request.model", "m1").timer());
    }

    @Test
    void aFailedCallRecordsItsErrorTypeAndNoTokens() {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"slow down\"}")));
        Exchange out = template.send("direct:chat", e -> e.getMessage().setBody(PROMPT));
        assertNotNull(out.getException());
        Timer duration = meters.find("gen_ai.client.operation.duration").tag("error.type", "429")
                .tag("gen_ai.response.model", "").timer();
        assertNotNull(duration, meters.getMetersAsString());
        assertEquals(1, duration.count());
        assertNull(meters.find("gen_ai.client.token.usage").summary());

        SpanData span = genAiSpan();
        assertEquals("429", attr(span, "error.type"));
        assertEquals("chat", attr(span, "gen_ai.operation.name"));
    }

    @Test
    void aStreamRecordsTimeToFirstChunk() {
        String sse = "data: {\"id\":\"c1\",\"model\":\"served-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Par\"}}]}\n\n"
                     + "data: {\"id\":\"c1\",\"model\":\"served-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"is\"},"
                     + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
                     + "data: [DONE]\n\n";
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse)));
        Exchange out = template.send("direct:stream", e -> e.getMessage().setBody(PROMPT));
        assertNull(out.getException());
        assertEquals("Paris", out.getMessage().getBody());
        Timer first = meters.find("gen_ai.client.operation.time_to_first_chunk").tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.response.model", "served-model").timer();
        assertNotNull(first, meters.getMetersAsString());
        assertEquals(1, first.count());
        assertEquals(3.0, tokens("input").totalAmount());
        assertEquals(2.0, tokens("output").totalAmount());
    }

    @Test
    void theSpanCarriesTheGenAiAttributesAndNoText() {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(chatResponse())));
        template.send("direct:chat", e -> e.getMessage().setBody(PROMPT));

        SpanData span = genAiSpan();
        assertEquals("chat m1", span.getName());
        assertEquals("baseten", attr(span, "gen_ai.provider.name"));
        assertEquals("m1", attr(span, "gen_ai.request.model"));
        assertEquals("0.2", attr(span, "gen_ai.request.temperature"));
        assertEquals("64", attr(span, "gen_ai.request.max_tokens"));
        assertEquals("served-model", attr(span, "gen_ai.response.model"));
        assertEquals("chatcmpl-7", attr(span, "gen_ai.response.id"));
        assertEquals("stop", attr(span, "gen_ai.response.finish_reasons"));
        assertEquals("5", attr(span, "gen_ai.usage.input_tokens"));
        assertEquals("7", attr(span, "gen_ai.usage.output_tokens"));
        assertEquals("localhost", attr(span, "server.address"));
        assertEquals(Integer.toString(wm.port()), attr(span, "server.port"));
        assertNull(attr(span, "error.type"));
        for (SpanData s : spans.getFinishedSpanItems()) {
            s.getAttributes().forEach((k, v) -> {
                assertFalse(v.toString().contains("capital"), "prompt or answer text in " + k + " of " + s.getName());
                assertFalse(v.toString().contains("sk-secret"), "the API key in " + k);
            });
        }
    }

    private DistributionSummary tokens(String type) {
        DistributionSummary s = meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", type)
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", "baseten").summary();
        assertNotNull(s, meters.getMetersAsString());
        return s;
    }

    private SpanData genAiSpan() {
        List<SpanData> genAi = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")) != null).toList();
        assertEquals(1, genAi.size(), spans.getFinishedSpanItems().toString());
        return genAi.get(0);
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
