package io.github.camelai.component.baseten;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A webhook route that itself makes a non-blocking call (here baseten:predict, finishing on another thread): the
 * HTTP answer waits for the route's real outcome, so a downstream failure is answered 500 and Baseten's
 * redelivery is processed exactly once.
 */
class BasetenWebhookAsyncRouteTest {

    static final String SECRET = "whsec_async_route";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private WireMockServer downstream;
    private CamelContext context;
    private int port;

    @BeforeEach
    void start() throws Exception {
        downstream = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        downstream.start();
        port = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        context.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "k")));
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        String modelUrl = "http://localhost:" + downstream.port() + "/environments/production/predict";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("baseten:webhook?path=/hook&webhookSecret=" + SECRET)
                        .to("baseten:predict?maxRetries=0&modelUrl=" + modelUrl)
                        .to("mock:stored");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        downstream.stop();
    }

    private int deliver(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hook"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(WebhookSignatureVerifier.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(SECRET, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void downstreamFailureIs500AndTheRedeliveryRunsOnce() throws Exception {
        String path = "/environments/production/predict";
        downstream.stubFor(post(urlEqualTo(path)).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withFixedDelay(200).withBody("{\"error\":\"store down\"}"))
                .willSetStateTo("up"));
        downstream.stubFor(post(urlEqualTo(path)).inScenario("s").whenScenarioStateIs("up")
                .willReturn(aResponse().withFixedDelay(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"stored\":true}")));
        String body = BasetenWebhookConsumerTest.delivery("async-1", Instant.now(), "{\"text\":\"hi\"}", "[]");

        assertEquals(500, deliver(body));
        MockEndpoint stored = context.getEndpoint("mock:stored", MockEndpoint.class);
        assertEquals(0, stored.getReceivedCounter());

        assertEquals(200, deliver(body));
        assertEquals(200, deliver(body));
        assertEquals(1, stored.getReceivedCounter());
        assertEquals(Map.of("stored", true), stored.getReceivedExchanges().get(0).getMessage().getBody());
        downstream.verify(2, postRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson("{\"text\":\"hi\"}")));
    }
}
