package io.github.camelai.llm.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.ServiceDescriptor;
import io.github.camelai.llm.http.LlmHttpResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
            assertTrue(name.contains("TestComponentWorker"), name);
            assertEquals("done", exchange.getMessage().getBody());
            wm.verify(2, postRequestedFor(urlEqualTo("/c")).withHeader("Authorization", equalTo("Bearer t")));
        } finally {
            context.stop();
            wm.stop();
        }
    }

    @Test
    void theComponentsWorkerPoolIsBoundedBySizeOptionsAndShutDownWithIt() throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        TestComponent component = new TestComponent();
        component.setWorkerPoolCoreSize(1);
        component.setWorkerPoolMaxSize(3);
        context.addComponent("llmtest", component);
        context.start();
        ThreadPoolExecutor pool;
        try {
            pool = assertInstanceOf(ThreadPoolExecutor.class, component.continuation());
            assertEquals(1, pool.getCorePoolSize());
            assertEquals(3, pool.getMaximumPoolSize());
        } finally {
            context.stop();
        }
        assertTrue(pool.isShutdown(), "the component's own pool is shut down with it");
    }

    @Test
    void aSuppliedWorkerPoolIsUsedAndLeftRunning() throws Exception {
        WireMockServer wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
        ExecutorService mine = Executors.newFixedThreadPool(1, r -> new Thread(r, "my-worker"));
        DefaultCamelContext context = new DefaultCamelContext();
        TestComponent component = new TestComponent();
        component.setWorkerPool(mine);
        context.addComponent("llmtest", component);
        context.start();
        try {
            wm.stubFor(post("/c").willReturn(aResponse().withStatus(200).withBody("done")));
            LlmHttpClient client = component.newHttpClient(ServiceDescriptor.named("TestAI"), new RequestOptionsTest.TestConfiguration(),
                    AuthProvider.fixed("Bearer t"));
            LlmCalls calls = component.newCalls(client, new LlmHeaders("CamelTest"));
            Exchange exchange = new DefaultExchange(context);
            CompletableFuture<String> thread = new CompletableFuture<>();
            calls.call(exchange, doneSync -> thread.complete(Thread.currentThread().getName()),
                    LlmHttpRequest.postJson("http://localhost:" + wm.port() + "/c", "{}".getBytes()),
                    (out, response) -> out.setBody(response.bodyAsString()));
            assertEquals("my-worker", thread.get(30, TimeUnit.SECONDS));
            assertEquals("done", exchange.getMessage().getBody());
            context.stop();
            assertFalse(mine.isShutdown(), "a supplied pool is the user's to shut down");
        } finally {
            context.stop();
            mine.shutdownNow();
            wm.stop();
        }
    }

    @Test
    void raisingAnEndpointsMaxConcurrentRequestsAloneGetsThatManyCallsInFlight() throws Exception {
        int calls = 260; // above the pool's automatic minimum of 200
        assertTrue(calls > LlmComponentSupport.AUTO_MIN_CONNECTIONS);
        List<HttpExchange> held = new CopyOnWriteArrayList<>();
        CountDownLatch allArrived = new CountDownLatch(calls);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        server.createContext("/c", ex -> {
            ex.getRequestBody().readAllBytes();
            held.add(ex); // answered once every call has arrived: each holds its connection until then
            allArrived.countDown();
        });
        server.start();
        DefaultCamelContext context = new DefaultCamelContext();
        TestComponent component = new TestComponent();
        context.addComponent("llmtest", component);
        context.start();
        try {
            RequestOptionsTest.TestConfiguration cfg = new RequestOptionsTest.TestConfiguration();
            cfg.setMaxConcurrentRequests(calls);
            LlmHttpClient client = component.newHttpClient(ServiceDescriptor.named("TestAI"), cfg, AuthProvider.fixed("Bearer t"));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/c";
            List<CompletableFuture<LlmHttpResponse>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                answers.add(client.send(LlmHttpRequest.postJson(url, "{}".getBytes())));
            }
            assertTrue(allArrived.await(60, TimeUnit.SECONDS),
                    "only " + held.size() + " of " + calls + " calls reached the server at once");
            for (HttpExchange ex : held) {
                byte[] ok = "ok".getBytes();
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
                ex.close();
            }
            for (CompletableFuture<LlmHttpResponse> a : answers) {
                assertEquals("ok", a.get(30, TimeUnit.SECONDS).bodyAsString());
            }
        } finally {
            context.stop();
            server.stop(0);
        }
    }

    @Test
    void theConnectionPoolFollowsTheEndpointsUnlessMaxConnectionsIsSet() throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        TestComponent auto = new TestComponent();
        TestComponent fixed = new TestComponent();
        fixed.setMaxConnections(50);
        context.addComponent("auto", auto);
        context.addComponent("fixed", fixed);
        context.start();
        try {
            RequestOptionsTest.TestConfiguration a = new RequestOptionsTest.TestConfiguration();
            a.setMaxConcurrentRequests(150);
            RequestOptionsTest.TestConfiguration b = new RequestOptionsTest.TestConfiguration();
            b.setMaxConcurrentRequests(300);
            auto.newHttpClient(ServiceDescriptor.named("TestAI"), a, AuthProvider.fixed("Bearer t"));
            assertEquals(200, auto.transport().maxConnections(), "never below the automatic minimum");
            auto.newHttpClient(ServiceDescriptor.named("TestAI"), b, AuthProvider.fixed("Bearer t"));
            assertEquals(450, auto.transport().maxConnections(), "the sum of the endpoints' caps");
            auto.newHttpClient(ServiceDescriptor.named("TestAI"), b, AuthProvider.fixed("Bearer t"));
            assertEquals(450, auto.transport().maxConnections(), "an endpoint that starts again counts once");
            RequestOptionsTest.TestConfiguration uncapped = new RequestOptionsTest.TestConfiguration();
            uncapped.setMaxConcurrentRequests(0);
            auto.newHttpClient(ServiceDescriptor.named("TestAI"), uncapped, AuthProvider.fixed("Bearer t"));
            assertEquals(Integer.MAX_VALUE, auto.transport().maxConnections(), "an endpoint without a cap lifts the limit");

            fixed.newHttpClient(ServiceDescriptor.named("TestAI"), b, AuthProvider.fixed("Bearer t"));
            assertEquals(50, fixed.transport().maxConnections(), "a set maxConnections is a fixed limit");
        } finally {
            context.stop();
        }
    }
}
