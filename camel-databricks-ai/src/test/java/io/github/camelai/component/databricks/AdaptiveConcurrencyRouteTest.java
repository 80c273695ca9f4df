package io.github.camelai.component.databricks;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.camelai.llm.testing.LimitedChatService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code adaptiveConcurrency} set on the component, through a real route: a burst split in parallel against a
 * serving endpoint that takes 16 calls at a time (100 ms each) and refuses more with Databricks' 429
 * {@code REQUEST_LIMIT_EXCEEDED}.
 */
class AdaptiveConcurrencyRouteTest {

    private LimitedChatService service;
    private CamelContext context;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Queue<String> answers = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        service = LimitedChatService.builder().maxConcurrent(16).latency(Duration.ofMillis(100)).start();
        context = new DefaultCamelContext();
        DatabricksAiComponent component = new DatabricksAiComponent();
        component.setEnvironment(name -> null);
        component.getConfiguration().setAdaptiveConcurrency(true);
        context.addComponent("databricks-ai", component);
        context.getRegistry().bind("metricsRegistry", meters);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:burst").split(body()).parallelProcessing()
                        .to("databricks-ai:chat?host=" + service.baseUrl() + "&model=my-llm&token=RAW("
                            + DatabricksTestSupport.TOKEN + ")&maxConcurrentRequests=128")
                        .process(e -> answers.add(e.getMessage().getBody(String.class)));
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        service.close();
    }

    @Test
    void aBurstOfThreeHundredGetsEveryAnswerWithFew429s() throws Exception {
        Gauge limit = meters.find("camel.llm.concurrency.limit").tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "databricks").tag("gen_ai.request.model", "my-llm").gauge();
        assertNotNull(limit, meters.getMetersAsString());
        assertEquals(8.0, limit.value(), "the component's adaptiveConcurrency=true: the limit starts at 8, not 128");

        List<String> questions = IntStream.range(0, 300).mapToObj(i -> "Question " + i).toList();
        Exchange out = context.createProducerTemplate().asyncSend("direct:burst", e -> e.getMessage().setBody(questions))
                .get(60, TimeUnit.SECONDS);
        assertNull(out.getException(), "no call failed for good");
        assertEquals(300, answers.size());
        assertTrue(answers.stream().allMatch("An answer."::equals), answers.peek());
        assertTrue(service.refused() <= 75, service.refused() + " answers of 429 for 300 calls");
        assertTrue(service.peakInFlight() <= 16);
    }
}
