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
import org.apache.camel.Exchange;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Kamelets shipped in the jar ({@code kamelets/*.kamelet.yaml}), found by camel-kamelet on the classpath. */
class BasetenKameletTest {

    static final String SECRET = "whsec_kamelet+test&/=";

    WireMockServer wm;
    CamelContext context;
    int port;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
        port = AvailablePortFinder.getNextAvailable();
        context = new DefaultCamelContext();
        context.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", "env-key")));
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
    }

    @AfterEach
    void stop() {
        context.stop();
        wm.stop();
    }

    @Test
    void chatActionOnModelApis() throws Exception {
        load("route.yaml", """
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: kamelet:baseten-chat-action
                            parameters:
                              model: openai/gpt-oss-120b
                              baseUrl: "http://localhost:%d/v1"
                              # a Kamelet does not know apiKey is a secret: RAW() keeps + and & as they are
                              apiKey: "RAW(k+ey&1)"
                              systemMessage: Be brief
                              temperature: 0.3
                              maxTokens: 16
                """.formatted(wm.port()));
        context.start();
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(BasetenWireMockSupport.chatResponse("Hi!"))));

        Exchange out = context.createProducerTemplate().send("direct:ask", e -> e.getMessage().setBody("Hello"));

        assertNull(out.getException());
        assertEquals("Hi!", out.getMessage().getBody());
        assertEquals(12, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Api-Key k+ey&1"))
                .withRequestBody(equalToJson("""
                        {"model":"openai/gpt-oss-120b","messages":[{"role":"system","content":"Be brief"},
                         {"role":"user","content":"Hello"}],"temperature":0.3,"max_tokens":16}""")));
    }

    @Test
    void chatActionOnADedicatedDeploymentWithTheKeyFromTheEnvironment() throws Exception {
        load("route.yaml", """
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to: "kamelet:baseten-chat-action?modelUrl=http://localhost:%d/environments/production/predict"
                """.formatted(wm.port()));
        context.start();
        String path = "/environments/production/sync/v1/chat/completions";
        wm.stubFor(post(urlEqualTo(path)).willReturn(okJson(BasetenWireMockSupport.chatResponse("Hi!"))));

        Exchange out = context.createProducerTemplate().send("direct:ask", e -> e.getMessage().setBody("Hello"));

        assertNull(out.getException());
        assertEquals("Hi!", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Api-Key env-key"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
    }

    @ParameterizedTest(name = "apiKey parameter: [{0}]")
    @ValueSource(strings = {"", "apiKey: \" \""})
    void chatActionWithoutAKeyOfItsOwnUsesTheComponentsKey(String apiKeyParameter) throws Exception {
        // the component's key wins over the environment; a Kamelet not given apiKey, or given a blank one (a property
        // that is empty in this environment), must not hide it
        ((BasetenComponent) context.getComponent("baseten")).setApiKey("component-key");
        load("route.yaml", """
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: kamelet:baseten-chat-action
                            parameters:
                              model: openai/gpt-oss-120b
                              baseUrl: "http://localhost:%d/v1"
                              %s
                """.formatted(wm.port(), apiKeyParameter));
        context.start();
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(BasetenWireMockSupport.chatResponse("Hi!"))));

        Exchange out = context.createProducerTemplate().send("direct:ask", e -> e.getMessage().setBody("Hello"));

        assertNull(out.getException());
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key component-key")));
    }

    @Test
    void webhookSourceInAPipe() throws Exception {
        load("results.pipe.yaml", """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: baseten-results
                spec:
                  source:
                    ref:
                      kind: Kamelet
                      apiVersion: camel.apache.org/v1
                      name: baseten-webhook-source
                    properties:
                      path: /baseten/results
                      webhookSecret: "RAW(%s)"
                  sink:
                    uri: mock:results
                """.formatted(SECRET));
        context.start();
        MockEndpoint results = context.getEndpoint("mock:results", MockEndpoint.class);
        results.expectedMessageCount(1);
        results.expectedHeaderReceived(BasetenConstants.ASYNC_REQUEST_ID, "req-7");

        assertEquals(200, deliver(BasetenWebhookConsumerTest.delivery("req-7", Instant.now(), "{\"text\":\"done\"}", "[]"),
                SECRET));
        assertEquals(401, deliver(BasetenWebhookConsumerTest.delivery("req-8", Instant.now(), "{\"text\":\"x\"}", "[]"),
                "whsec_wrong"));

        results.assertIsSatisfied(5000);
        assertEquals(Map.of("text", "done"), results.getExchanges().get(0).getMessage().getBody());
    }

    private int deliver(String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/baseten/results"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header(WebhookSignatureVerifier.SIGNATURE_HEADER, WebhookSignatureVerifier.sign(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void load(String name, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(name, yaml));
    }
}
