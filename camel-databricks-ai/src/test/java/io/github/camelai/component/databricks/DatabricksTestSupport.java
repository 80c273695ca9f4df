package io.github.camelai.component.databricks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for a Databricks workspace, and a fresh Camel context per test whose
 * databricks-ai component sees only the environment variables the test puts in {@link #env}.
 */
abstract class DatabricksTestSupport {

    static final String TOKEN = "dapi-test-token-0123456789";

    static WireMockServer wm;

    CamelContext context;
    ProducerTemplate template;
    DatabricksAiComponent component;
    final Map<String, String> env = new HashMap<>();

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
    void startCamel() throws Exception {
        wm.resetAll();
        context = new DefaultCamelContext();
        component = new DatabricksAiComponent();
        component.setEnvironment(env::get);
        customize(component);
        context.addComponent("databricks-ai", component);
        RouteBuilder routes = routes();
        if (routes != null) {
            context.addRoutes(routes);
        }
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        if (context != null) {
            context.stop();
        }
    }

    /** Hook: configure the component before the context starts. */
    void customize(DatabricksAiComponent component) {
    }

    /** Hook: routes to add before the context starts. */
    RouteBuilder routes() throws Exception {
        return null;
    }

    static String host() {
        return "http://localhost:" + wm.port();
    }

    /** An endpoint URI on the WireMock workspace with the test token; {@code query} is appended. */
    static String uri(String operation, String query) {
        return "databricks-ai:" + operation + "?host=" + host() + "&token=" + TOKEN + (query.isEmpty() ? "" : "&" + query);
    }

    Exchange send(String uri, Object body) {
        return send(uri, body, Map.of());
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().getHeaders().putAll(headers);
        });
    }

    /** The one request WireMock received. */
    static LoggedRequest onlyRequest() {
        var all = wm.findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
        if (all.size() != 1) {
            throw new AssertionError("Expected exactly one request, got " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    static int requestCount() {
        return wm.findAll(WireMock.anyRequestedFor(WireMock.anyUrl())).size();
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
