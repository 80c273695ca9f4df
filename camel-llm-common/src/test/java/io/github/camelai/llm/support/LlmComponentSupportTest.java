package io.github.camelai.llm.support;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.ServiceDescriptor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmComponentSupportTest {

    static final class TestComponent extends LlmComponentSupport {
        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void endpointClientsUseTheEndpointPolicyAndRoutesContinueOffTheIoThreads() throws Exception {
        WireMockServer wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
        DefaultCamelContext context = new DefaultCamelContext();
        TestComponent component = new TestComponent();
        context.addComponent("llmtest", component);
        context.start();
        try {
            wm.stubFor(post("/c").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
            wm.stubFor(post("/c").inScenario("s").whenScenarioStateIs("up")
                    .willReturn(aResponse().withStatus(200).withBody("done")));
            RequestOptionsTest.TestConfiguration cfg = new RequestOptionsTest.TestConfiguration();
            cfg.setMaxRetries(1);
            cfg.setRetryInitialDelay(5);
            cfg.setRetryMaxDelay(10);
            LlmHttpClient client = component.newHttpClient(ServiceDescriptor.named("TestAI"), cfg, AuthProvider.fixed("Bearer t"));
            LlmCalls calls = component.newCalls(client, new LlmHeaders("CamelTest"));
            Exchange exchange = new DefaultExchange(context);
            CompletableFuture<String> thread = new CompletableFuture<>();
            AsyncCallback callback = doneSync -> thread.complete(Thread.currentThread().getName());
            calls.call(exchange, callback, LlmHttpRequest.postJson("http://localhost:" + wm.port() + "/c", "{}".getBytes()),
                    (out, response) -> out.setBody(response.bodyAsString()));
            String name = thread.get(30, TimeUnit.SECONDS);
            assertTrue(name.contains("TestComponentContinuation"), name);
            assertEquals("done", exchange.getMessage().getBody());
            wm.verify(2, postRequestedFor(urlEqualTo("/c")).withHeader("Authorization", equalTo("Bearer t")));
        } finally {
            context.stop();
            wm.stop();
        }
    }
}
