package io.github.camelai.component.databricks;

import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GenAI metrics and span attributes of databricks-ai: calls, on a real meter registry and span exporter. */
class TelemetryTest extends DatabricksTestSupport {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    @Override
    void customize(DatabricksAiComponent component) {
        env.put("DATABRICKS_TOKEN", TOKEN);
        env.put("DATABRICKS_HOST", "http://localhost:" + wm.port());
        // not under camel-micrometer's name: the only MeterRegistry of the Camel registry is used
        context.getRegistry().bind("meters", meters);
        context.getRegistry().bind("otelTracer", tracerProvider.get("test"));
        context.getRegistry().bind("otelPropagators", ContextPropagators.noop());
        new OpenTelemetryTracer().init(context);
    }

    @Override
    RouteBuilder routes() throws Exception {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:embed").to("databricks-ai:embedding?model=gte");
                from("direct:responses").to("databricks-ai:responses?model=gpt-5&maxTokens=100");
            }
        };
    }

    @AfterEach
    void closeTracer() {
        tracerProvider.close();
    }

    @Test
    void embeddingsRecordInputTokensOnly() {
        wm.stubFor(post("/serving-endpoints/gte/invocations").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"model\":\"gte-large\",\"data\":[{\"index\":0,\"embedding\":[0.5,1.0]}],"
                          + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}")));
        Exchange out = template.send("direct:embed", e -> e.getMessage().setBody("hello"));
        assertNull(out.getException());
        Timer t = meters.find("gen_ai.client.operation.duration").tag("gen_ai.operation.name", "embeddings")
                .tag("gen_ai.provider.name", "databricks").tag("gen_ai.request.model", "gte")
                .tag("gen_ai.response.model", "gte-large").timer();
        assertNotNull(t, meters.getMetersAsString());
        assertEquals(4.0, meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary()
                .totalAmount());
        assertNull(meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary());

        SpanData span = genAiSpan();
        assertEquals("embeddings gte", span.getName());
        assertEquals("4", attr(span, "gen_ai.usage.input_tokens"));
        assertEquals("localhost", attr(span, "server.address"));
    }

    @Test
    void embeddingsWithoutUsageRecordNoTokens() {
        // 0 tokens recorded for an answer that counted none would drag every token statistic down
        wm.stubFor(post("/serving-endpoints/gte/invocations").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"model\":\"gte-large\",\"data\":[{\"index\":0,\"embedding\":[0.5,1.0]}]}")));
        Exchange out = template.send("direct:embed", e -> e.getMessage().setBody("hello"));
        assertNull(out.getException());
        assertNotNull(meters.find("gen_ai.client.operation.duration").tag("gen_ai.operation.name", "embeddings")
                .tag("gen_ai.response.model", "gte-large").timer(), meters.getMetersAsString());
        assertNull(meters.find("gen_ai.client.token.usage").summary(), meters.getMetersAsString());

        SpanData span = genAiSpan();
        assertEquals("embeddings gte", span.getName());
        assertNull(attr(span, "gen_ai.usage.input_tokens"));
    }

    @Test
    void theResponsesApiIsAChatOperation() {
        wm.stubFor(post("/serving-endpoints/responses").willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"resp_1\",\"object\":\"response\",\"model\":\"gpt-5-2025\",\"status\":\"completed\","
                          + "\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                          + "\"text\":\"Hi\"}]}],\"usage\":{\"input_tokens\":9,\"output_tokens\":2,\"total_tokens\":11}}")));
        Exchange out = template.send("direct:responses", e -> e.getMessage().setBody("hello"));
        assertNull(out.getException());
        SpanData span = genAiSpan();
        assertEquals("chat", attr(span, "gen_ai.operation.name"));
        assertEquals("databricks", attr(span, "gen_ai.provider.name"));
        assertEquals("gpt-5", attr(span, "gen_ai.request.model"));
        assertEquals("100", attr(span, "gen_ai.request.max_tokens"));
        assertEquals("gpt-5-2025", attr(span, "gen_ai.response.model"));
        assertEquals("resp_1", attr(span, "gen_ai.response.id"));
        assertEquals("9", attr(span, "gen_ai.usage.input_tokens"));
        assertEquals("2", attr(span, "gen_ai.usage.output_tokens"));
        assertEquals(2.0, meters.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
                .totalAmount());
    }

    private SpanData genAiSpan() {
        List<SpanData> genAi = spans.getFinishedSpanItems().stream()
                .filter(s -> attr(s, "gen_ai.operation.name") != null).toList();
        assertEquals(1, genAi.size(), spans.getFinishedSpanItems().toString());
        return genAi.get(0);
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
