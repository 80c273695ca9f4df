package io.github.camelai.component.baseten;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.wiremock.webhooks.Webhooks.webhook;

/**
 * The whole async flow over real HTTP: a route submits async-predict to a stand-in Baseten (WireMock), which
 * answers with a request id and then POSTs a signed delivery to the webhook consumer's port, where a second route
 * receives the model output.
 */
class BasetenAsyncFlowTest {

    static final String SECRET = "whsec_flow_test_secret";

    private WireMockServer baseten;
    private CamelContext context;
    private int webhookPort;

    @BeforeEach
    void start() throws Exception {
        baseten = new WireMockServer(options().dynamicPort());
        baseten.start();
        webhookPort = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindPort(webhookPort);
        context.addService(new VertxPlatformHttpServer(conf));
        Properties props = new Properties();
        props.setProperty("baseten.url", "http://localhost:" + baseten.port() + "/environments/production");
        props.setProperty("webhook.url", "http://localhost:" + webhookPort + "/baseten/results");
        props.setProperty("webhook.secret", SECRET);
        context.getPropertiesComponent().setInitialProperties(props);
    }

    @AfterEach
    void stop() {
        context.stop();
        baseten.stop();
    }

    /** Baseten answers async_predict with an id, then delivers the signed result to the webhook. */
    private String stubBaseten(String requestId, String output) {
        String delivery = "{\"request_id\":\"" + requestId + "\",\"model_id\":\"abcd1234\",\"deployment_id\":\"dep1\","
                          + "\"type\":\"async_request_completed\",\"time\":\"" + Instant.now() + "\",\"data\":" + output
                          + ",\"errors\":[]}";
        baseten.stubFor(post("/environments/production/async_predict")
                .willReturn(okJson("{\"request_id\":\"" + requestId + "\"}"))
                .withServeEventListener("webhook", webhook()
                        .withMethod(RequestMethod.POST)
                        .withUrl("http://localhost:" + webhookPort + "/baseten/results")
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-BASETEN-REQUEST-ID", requestId)
                        .withHeader("X-BASETEN-SIGNATURE",
                                WebhookSignatureVerifier.sign(SECRET, delivery.getBytes(StandardCharsets.UTF_8)))
                        .withFixedDelay(200)
                        .withBody(delivery)));
        return delivery;
    }

    private void runFlow(String requestId) throws Exception {
        MockEndpoint submitted = context.getEndpoint("mock:submitted", MockEndpoint.class);
        MockEndpoint results = context.getEndpoint("mock:results", MockEndpoint.class);
        submitted.expectedBodiesReceived(requestId);
        results.expectedMessageCount(1);

        Exchange out = context.createProducerTemplate().request("direct:submit",
                e -> e.getMessage().setBody(Map.of("prompt", "What is Camel?", "max_tokens", 32)));
        assertNull(out.getException());
        assertEquals(requestId, out.getMessage().getBody());
        assertEquals(requestId, out.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID));

        MockEndpoint.assertIsSatisfied(context, 10, TimeUnit.SECONDS);
        Exchange result = results.getReceivedExchanges().get(0);
        assertEquals(Map.of("completion", "Camel is an integration framework", "tokens", List.of(5, 6)),
                result.getMessage().getBody());
        assertEquals(requestId, result.getMessage().getHeader(BasetenConstants.ASYNC_REQUEST_ID));
        assertEquals("abcd1234", result.getMessage().getHeader(BasetenConstants.MODEL_ID));
        assertEquals("dep1", result.getMessage().getHeader(BasetenConstants.DEPLOYMENT_ID));
        assertEquals(List.of(), result.getMessage().getHeader(BasetenConstants.WEBHOOK_ERRORS));

        baseten.verify(1, postRequestedFor(urlEqualTo("/environments/production/async_predict"))
                .withHeader("Authorization", equalTo("Api-Key test-key"))
                .withRequestBody(equalToJson("{\"model_input\":{\"prompt\":\"What is Camel?\",\"max_tokens\":32},"
                                             + "\"webhook_endpoint\":\"http://localhost:" + webhookPort
                                             + "/baseten/results\",\"priority\":1}")));
    }

    @Test
    void javaRoutes() throws Exception {
        stubBaseten("flow0001", "{\"completion\":\"Camel is an integration framework\",\"tokens\":[5,6]}");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit")
                        .to("baseten:async-predict?modelUrl={{baseten.url}}&apiKey=test-key"
                            + "&webhookEndpoint={{webhook.url}}&priority=1")
                        .to("mock:submitted");
                from("baseten:webhook?path=/baseten/results&webhookSecret=RAW({{webhook.secret}})")
                        .to("mock:results");
            }
        });
        context.start();
        runFlow("flow0001");
    }

    @Test
    void yamlRoutes() throws Exception {
        stubBaseten("flow0002", "{\"completion\":\"Camel is an integration framework\",\"tokens\":[5,6]}");
        String yaml = """
                - route:
                    from:
                      uri: direct:submit
                      steps:
                        - to:
                            uri: baseten:async-predict
                            parameters:
                              modelUrl: "{{baseten.url}}"
                              apiKey: test-key
                              webhookEndpoint: "{{webhook.url}}"
                              priority: 1
                        - to: mock:submitted
                - route:
                    from:
                      uri: baseten:webhook
                      parameters:
                        path: /baseten/results
                        webhookSecret: "{{webhook.secret}}"
                      steps:
                        - choice:
                            when:
                              - simple: "${header.CamelBasetenWebhookErrors.size} > 0"
                                steps:
                                  - to: mock:failed
                            otherwise:
                              steps:
                                - to: mock:results
                """;
        context.start();
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("flow.yaml", yaml));
        runFlow("flow0002");
        assertEquals(0, context.getEndpoint("mock:failed", MockEndpoint.class).getReceivedCounter());
    }
}
