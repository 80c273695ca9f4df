package io.github.camelai.llm.vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A REST endpoint in front of a model, as a user writes it: {@code platform-http} straight to a chat, with a real
 * HTTP client. Platform-http hands the request body over as a stream cache (or, for a form post, a Map of fields);
 * the chat reads it by its Content-Type. Bad input is refused before any call, and the route answers it with 400 and
 * the component's message (the {@code onException} of docs/http-and-files.md).
 */
class PlatformHttpBodiesTest {

    static final String ANSWER = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                                 + "\"message\":{\"role\":\"assistant\",\"content\":\"An integration framework\"},"
                                 + "\"finish_reason\":\"stop\"}]}";

    WireMockServer model;
    CamelContext context;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int port;

    @BeforeEach
    void start() throws Exception {
        model = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        model.start();
        model.stubFor(post(urlPathMatching(".*/(invocations|chat/completions)")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANSWER)));
        context = new DefaultCamelContext();
        port = PlatformHttpServer.addTo(context);
        context.getPropertiesComponent().addInitialProperty("model.port", String.valueOf(model.port()));
        // the route a user writes, with bad input answered 400 and the component's message
        String routes = """
                - onException:
                    exception:
                      - java.lang.IllegalArgumentException
                    handled:
                      constant: true
                    steps:
                      # the request's headers (and a form's fields, which platform-http adds as headers) would go back
                      - removeHeaders:
                          pattern: "*"
                      - setHeader:
                          name: CamelHttpResponseCode
                          constant: 400
                      - setBody:
                          simple: "${exception.message}"
                - route:
                    from:
                      uri: platform-http:/databricks
                      parameters:
                        httpMethodRestrict: POST
                      steps:
                        - to:
                            uri: databricks-ai:chat
                            parameters:
                              model: chat-model
                              host: "http://127.0.0.1:{{model.port}}"
                              token: dapi-t
                - route:
                    from:
                      uri: platform-http:/baseten
                      parameters:
                        httpMethodRestrict: POST
                      steps:
                        - to:
                            uri: baseten:chat
                            parameters:
                              model: m
                              baseUrl: "http://127.0.0.1:{{model.port}}/v1"
                              apiKey: k
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("routes.yaml", routes));
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        model.stop();
    }

    private HttpResponse<String> send(String path, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "databricks", "baseten" })
    void aTextQuestionIsOneUserMessage(String path) throws Exception {
        HttpResponse<String> response = send(path, "text/plain; charset=utf-8", "What is Camel? {not JSON}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("An integration framework", response.body());
        model.verify(postRequestedFor(urlPathMatching(".*")).withRequestBody(equalToJson(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"What is Camel? {not JSON}\"}]}", true, true)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "databricks", "baseten" })
    void aJsonRequestIsAFullChatRequest(String path) throws Exception {
        HttpResponse<String> response = send(path, "application/json",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                                                                        + "\"temperature\":0.2}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("An integration framework", response.body());
        model.verify(postRequestedFor(urlPathMatching(".*")).withRequestBody(equalToJson(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                                                                                   + "\"temperature\":0.2}", true, true)));
    }

    @Test
    void invalidJsonIsRefusedBeforeTheModelIsCalled() throws Exception {
        HttpResponse<String> response = send("databricks", "application/json", "{\"messages\": [");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("The chat body is declared JSON (Content-Type: application/json) but is not "
                                            + "valid JSON"), response.body());
        assertEquals(0, model.getAllServeEvents().size());
    }

    @ParameterizedTest
    @ValueSource(strings = { "databricks", "baseten" })
    void aFormPostIsRefusedNamingTheFix(String path) throws Exception {
        // what curl -d 'What is Camel?' sends
        HttpResponse<String> response = send(path, "application/x-www-form-urlencoded", "What is Camel?");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("The chat body is a form post (Content-Type: application/x-www-form-urlencoded)"
                                            + ", which the HTTP consumer hands over as form fields [What is Camel?]: send "
                                            + "the text with Content-Type: text/plain (curl -H 'Content-Type: text/plain'"
                                            + " --data-binary 'your question' ...)"), response.body());
        assertEquals(0, model.getAllServeEvents().size());
    }
}
