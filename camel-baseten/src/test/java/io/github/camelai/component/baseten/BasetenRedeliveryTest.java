package io.github.camelai.component.baseten;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.camelai.llm.error.LlmRateLimitException;
import io.github.camelai.llm.error.LlmServerException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call that finally fails with 429 or 503 and a {@code Retry-After} hands the wait to Camel's error handler as
 * header {@link Exchange#REDELIVERY_DELAY}, which the handler's redelivery uses instead of its own delay.
 */
class BasetenRedeliveryTest extends BasetenWireMockSupport {

    /**
     * The error handler's scheduler: records the delay Camel asks for each redelivery, then runs it at once (the
     * wait itself is Camel's business; what it waits is this test's).
     */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Long> delays = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toMillis(delay));
            return super.schedule(command, 0, unit);
        }
    }

    final RecordingScheduler scheduler = new RecordingScheduler();
    final List<Long> delaysSeen = scheduler.delays;

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    void route(String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // the route's own delay is 1 ms: a redelivery that waits longer waits for the service
                errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(1)
                        .asyncDelayedRedelivery().executorService(scheduler));
                from("direct:chat").to("baseten:chat?model=m&baseUrl=" + baseUrl() + "&maxRetries=" + options);
            }
        });
    }

    void answers(int status, String retryAfter) {
        var first = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"busy\"}");
        if (retryAfter != null) {
            first = first.withHeader("Retry-After", retryAfter);
        }
        wm.stubFor(post("/v1/chat/completions").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first).willSetStateTo("ok"));
        wm.stubFor(post("/v1/chat/completions").inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(chatResponse("Hi"))));
    }

    @Test
    void a429WithRetryAfterSetsTheRedeliveryDelayTheErrorHandlerUses() throws Exception {
        route("0");
        answers(429, "1");
        Exchange out = send("direct:chat", "Hello");
        assertNull(out.getException());
        assertEquals("Hi", out.getMessage().getBody());
        assertEquals(List.of(1000L), delaysSeen);
        // the wait was for the failed attempt only: the answer does not carry it on
        assertNull(out.getMessage().getHeader(Exchange.REDELIVERY_DELAY));
        wm.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void a503AfterTheEndpointsOwnRetriesCarriesTheWaitToo() throws Exception {
        // the endpoint's own retry and the redelivery wait both capped at 20 ms
        route("1&retryInitialDelay=10&retryMaxDelay=20");
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"overloaded\"}")));
        Exchange out = send("direct:chat", "Hello");
        assertInstanceOf(LlmServerException.class, out.getException());
        // 2 redeliveries of a call that tries twice itself
        wm.verify(6, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertEquals(List.of(20L, 20L), delaysSeen);
        assertEquals(20L, out.getMessage().getHeader(Exchange.REDELIVERY_DELAY));
    }

    @Test
    void withoutRetryAfterTheRoutesOwnDelayApplies() throws Exception {
        route("0");
        answers(429, null);
        Exchange out = send("direct:chat", "Hello");
        assertNull(out.getException());
        assertEquals(List.of(1L), delaysSeen, "the route's own redeliveryDelay");
    }

    @Test
    void otherStatusesDoNotSetIt() throws Exception {
        route("0");
        answers(502, "1");
        send("direct:chat", "Hello");
        assertEquals(List.of(1L), delaysSeen, "only 429 and 503 say when to come back");
    }

    @Test
    void theWaitIsCappedAtRetryMaxDelay() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:capped").to("baseten:chat?model=m&baseUrl=" + baseUrl() + "&maxRetries=0&retryInitialDelay=100&retryMaxDelay=250");
            }
        });
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"busy\"}")));
        Exchange out = send("direct:capped", "Hello");
        assertInstanceOf(LlmRateLimitException.class, out.getException());
        assertEquals(250L, out.getMessage().getHeader(Exchange.REDELIVERY_DELAY));
    }

    /** The YAML of docs/baseten.md, pointed at WireMock and without the endpoint's own retries. */
    @Test
    void theDocsYamlRedeliversAfterARateLimit() throws Exception {
        String doc = Files.readString(Path.of("../docs/baseten.md"));
        Matcher m = Pattern.compile("```yaml\\n(- errorHandler:.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/baseten.md has the redelivery example");
        String yaml = m.group(1).replace("maxRetries: 2", "maxRetries: 0")
                .replace("model: deepseek-ai/DeepSeek-V3.1", "model: deepseek-ai/DeepSeek-V3.1\n              baseUrl: " + baseUrl());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("redelivery.yaml", yaml));
        answers(429, "1");
        Exchange out = send("direct:ask", "Hello");
        assertNull(out.getException());
        assertEquals("Hi", out.getMessage().getBody());
        wm.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }
}
