package io.github.camelai.component.baseten;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.github.camelai.llm.testing.LimitedChatService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code adaptiveConcurrency=true} through real routes: a burst split in parallel against a service that serves 16
 * calls at a time (100 ms each, 429 beyond), buffered and streamed; two replicas (two CamelContexts that know nothing
 * of each other) in front of one such service; the limit as a gauge.
 */
class BasetenAdaptiveConcurrencyTest {

    private LimitedChatService service;
    private final List<CamelContext> contexts = new ArrayList<>();
    private final Queue<String> answers = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startService() throws Exception {
        service = LimitedChatService.builder().maxConcurrent(16).latency(Duration.ofMillis(100)).start();
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        service.close();
    }

    private String uri(String extra) {
        return "baseten:chat?baseUrl=" + service.baseUrl() + "/v1&model=m1&adaptiveConcurrency=true"
               + "&maxConcurrentRequests=128" + extra;
    }

    /** A replica: one route that sends every question of a list to the model at once. */
    private CamelContext replica(String extra, SimpleMeterRegistry meters) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "k")));
        if (meters != null) {
            context.getRegistry().bind("metricsRegistry", meters);
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:burst").split(body()).parallelProcessing()
                        .to(uri(extra))
                        .process(e -> answers.add(e.getMessage().getBody(String.class)));
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    private static List<String> questions(int n) {
        return IntStream.range(0, n).mapToObj(i -> "Question " + i).toList();
    }

    private static CompletableFuture<Exchange> burst(CamelContext context, int calls) {
        return context.createProducerTemplate().asyncSend("direct:burst",
                e -> e.getMessage().setBody(questions(calls)));
    }

    @Test
    void aBurstOfThreeHundredGetsEveryAnswerWithFew429sAndTheLimitIsAGauge() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CamelContext context = replica("", meters);
        Gauge limit = meters.find("camel.llm.concurrency.limit").tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "baseten").tag("gen_ai.request.model", "m1").gauge();
        assertNotNull(limit, meters.getMetersAsString());
        assertEquals(8.0, limit.value(), "the adaptive limit starts at 8");

        Exchange out = burst(context, 300).get(60, TimeUnit.SECONDS);
        assertNull(out.getException(), "no call failed for good");
        assertEquals(300, answers.size());
        assertTrue(answers.stream().allMatch("An answer."::equals));
        assertTrue(service.refused() <= 75, service.refused() + " answers of 429 for 300 calls");
        assertTrue(service.peakInFlight() <= 16);
        assertTrue(limit.value() >= 1 && limit.value() <= 128, "limit " + limit.value());
    }

    @Test
    void aStreamRefusedBeforeItOpensIsSentAgainWhenTheLimitLetsIt() throws Exception {
        CamelContext context = replica("&streaming=true&streamOutput=aggregate", null);
        Exchange out = burst(context, 150).get(60, TimeUnit.SECONDS);
        assertNull(out.getException(), "no stream failed for good");
        assertEquals(150, answers.size());
        assertTrue(answers.stream().allMatch("An answer."::equals), answers.peek());
        assertTrue(service.refused() <= 150 / 4, service.refused() + " answers of 429 for 150 streams");
    }

    @Test
    void twoReplicasWithoutCoordinationShareTheServiceWithFew429s() throws Exception {
        CamelContext one = replica("", null);
        CamelContext two = replica("", null);
        CompletableFuture<Exchange> first = burst(one, 200);
        CompletableFuture<Exchange> second = burst(two, 200);
        assertNull(first.get(60, TimeUnit.SECONDS).getException(), "no call failed for good");
        assertNull(second.get(60, TimeUnit.SECONDS).getException(), "no call failed for good");
        assertEquals(400, answers.size());
        assertTrue(service.refused() < 40, service.refused() + " answers of 429 for 400 calls from two replicas; under 10% expected");
    }

    @Test
    void theYamlRouteOfTheConcurrencyPageLoads() throws Exception {
        String doc = Files.readString(Path.of("../docs/concurrency.md"));
        Matcher m = Pattern.compile("```yaml\\n(- route:.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/concurrency.md has a YAML route");
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "k")));
            ctx.setAutoStartup(false);
            PluginHelper.getRoutesLoader(ctx).loadRoutes(ResourceHelper.fromString("concurrency.yaml", m.group(1)));
            ctx.start();
            BasetenEndpoint endpoint = ctx.getEndpoints().stream().filter(BasetenEndpoint.class::isInstance)
                    .map(BasetenEndpoint.class::cast).findFirst().orElseThrow();
            assertTrue(endpoint.getConfiguration().isAdaptiveConcurrency());
            assertEquals(256, endpoint.getConfiguration().getMaxConcurrentRequests());
        }
    }
}
