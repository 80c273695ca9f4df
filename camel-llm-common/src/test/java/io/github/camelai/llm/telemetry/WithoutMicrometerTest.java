package io.github.camelai.llm.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.LlmConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs in its own Surefire execution whose class path leaves Micrometer out (see this module's pom): a call with
 * telemetry on goes through the whole telemetry path (the call is started, its usage noted, its end recorded and
 * the meter registry looked for) and works as before. Any Micrometer class touched on that path would fail it with
 * a {@link NoClassDefFoundError}.
 */
class WithoutMicrometerTest {

    static final class Cfg extends LlmConfiguration {
        private String model;

        @Override
        public String getModel() {
            return model;
        }

        @Override
        public void setModel(String model) {
            this.model = model;
        }
    }

    @Test
    void aCallWithTelemetryRunsWithoutMicrometer() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(GenAiMeters.METER_REGISTRY_CLASS),
                "this test must run without Micrometer on the class path");
        assertFalse(GenAiMeters.micrometerPresent());

        WireMockServer wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
        HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults());
        // one thread, and whatever escapes a task is kept: an error thrown after the exchange finished counts too
        ExecutorService pool = Executors.newSingleThreadExecutor();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        Executor continuation = task -> pool.execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                escaped.add(t);
                throw t;
            }
        });
        CamelContext context = new DefaultCamelContext();
        context.start();
        try {
            wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"c1\",\"model\":\"served\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                              + "\"assistant\",\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],"
                              + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}")));
            Cfg cfg = new Cfg();
            cfg.setModel("m");
            LlmHeaders headers = new LlmHeaders("CamelTest");
            String url = "http://localhost:" + wm.port() + "/v1/chat/completions";
            LlmTelemetry telemetry = LlmTelemetry.of(context, "test", GenAiConventions.OP_CHAT, url, null, cfg, headers);
            LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Bearer k"),
                    new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                    new ConcurrencyLimiter(0), transport.timer());
            LlmCalls calls = new LlmCalls(client, headers, continuation, telemetry);
            RequestOptions o = RequestOptions.fromConfiguration(cfg, context);

            Exchange exchange = new DefaultExchange(context);
            CompletableFuture<Void> done = new CompletableFuture<>();
            calls.chat(exchange, sync -> done.complete(null), url, Map.of(), ChatRequests.chat("Capital?", o), o);
            done.get(30, TimeUnit.SECONDS);
            pool.submit(() -> null).get(30, TimeUnit.SECONDS); // the finishing task has run to its end
            assertEquals(List.of(), escaped);
            assertNull(GenAiMeters.find(context), "no Micrometer, no meters, no error");

            assertNull(exchange.getException());
            assertEquals("Paris", exchange.getMessage().getBody());
            assertEquals(5, exchange.getMessage().getHeader("CamelTestPromptTokens"));
            GenAiCall call = GenAiCall.of(exchange);
            assertTrue(call.isEnded(), "the telemetry path ran to the end");
            assertEquals("m", call.requestModel());
            assertEquals("served", call.responseModel());
            assertEquals(5, call.inputTokens());
            assertEquals(1, call.outputTokens());
        } finally {
            context.stop();
            pool.shutdownNow();
            transport.close();
            wm.stop();
        }
    }
}
