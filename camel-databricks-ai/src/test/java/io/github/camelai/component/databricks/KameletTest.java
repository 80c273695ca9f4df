package io.github.camelai.component.databricks;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Kamelets shipped in the jar ({@code kamelets/*.kamelet.yaml}), found by camel-kamelet on the classpath. */
class KameletTest extends DatabricksTestSupport {

    static final String CHAT = "/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations";
    static final String ANSWER = """
            {"id":"k1","choices":[{"index":0,"message":{"role":"assistant","content":"Paris"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}""";

    @Test
    void chatActionFromAYamlRoute() throws Exception {
        load("route.yaml", """
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: kamelet:databricks-ai-chat-action
                            parameters:
                              host: "%s"
                              token: "RAW(%s)"
                              model: databricks-meta-llama-3-3-70b-instruct
                              systemMessage: Answer in one word.
                              temperature: 0.2
                              maxTokens: 20
                """.formatted(host(), TOKEN));
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        Exchange out = send("direct:ask", "Capital of France?");

        assertNull(out.getException());
        assertEquals("Paris", out.getMessage().getBody());
        assertEquals(10, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"messages":[{"role":"system","content":"Answer in one word."},{"role":"user","content":"Capital of France?"}],
                         "temperature":0.2,"max_tokens":20,"stream":false}""")));
    }

    @Test
    void chatActionInAPipeWithCredentialsFromTheEnvironment() throws Exception {
        env.put("DATABRICKS_HOST", host());
        env.put("DATABRICKS_TOKEN", TOKEN);
        load("ask.pipe.yaml", """
                apiVersion: camel.apache.org/v1
                kind: Pipe
                metadata:
                  name: ask
                spec:
                  source:
                    uri: direct:pipe
                  steps:
                    - ref:
                        kind: Kamelet
                        apiVersion: camel.apache.org/v1
                        name: databricks-ai-chat-action
                      properties:
                        model: databricks-meta-llama-3-3-70b-instruct
                  sink:
                    uri: mock:answers
                """);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
        MockEndpoint answers = context.getEndpoint("mock:answers", MockEndpoint.class);
        answers.expectedBodiesReceived("Paris");

        template.sendBody("direct:pipe", "Capital of France?");

        answers.assertIsSatisfied(5000);
        // no option set: no system message, no temperature, no max_tokens
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}],\"stream\":false}")));
    }

    @ParameterizedTest(name = "blank host and token given: {0}")
    @ValueSource(booleans = {false, true})
    void chatActionWithoutATokenOrHostOfItsOwnUsesTheComponents(boolean blankGiven) throws Exception {
        // the environment has other credentials: the component's own must win over them, as for any endpoint, whether
        // the Kamelet is not given host and token or given blank ones (properties empty in this environment)
        env.put("DATABRICKS_HOST", "http://localhost:1");
        env.put("DATABRICKS_TOKEN", "env-token");
        component.getConfiguration().setHost(host());
        component.getConfiguration().setToken(TOKEN);
        // the text block loses its common indentation: the parameters sit 14 spaces in
        String blanks = blankGiven ? "host: \" \"\n" + " ".repeat(14) + "token: \" \"" : "";
        load("route.yaml", """
                - route:
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: kamelet:databricks-ai-chat-action
                            parameters:
                              model: databricks-meta-llama-3-3-70b-instruct
                              %s
                """.formatted(blanks));
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        Exchange out = send("direct:ask", "Capital of France?");

        assertNull(out.getException());
        assertEquals("Paris", out.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void embeddingAction() throws Exception {
        load("embed.yaml", """
                - route:
                    from:
                      uri: direct:embed
                      steps:
                        - to:
                            uri: kamelet:databricks-ai-embedding-action
                            parameters:
                              host: "%s"
                              token: "%s"
                              model: databricks-gte-large-en
                """.formatted(host(), TOKEN));
        wm.stubFor(post(urlEqualTo("/serving-endpoints/databricks-gte-large-en/invocations")).willReturn(okJson("""
                {"object":"list","data":[{"index":0,"embedding":[0.5,1.0]},{"index":1,"embedding":[0.25,2.0]}]}""")));

        Exchange out = send("direct:embed", new String[] { "red", "green" });

        assertNull(out.getException());
        List<?> vectors = out.getMessage().getBody(List.class);
        assertArrayEquals(new float[] { 0.5f, 1.0f }, (float[]) vectors.get(0));
        assertArrayEquals(new float[] { 0.25f, 2.0f }, (float[]) vectors.get(1));
        wm.verify(postRequestedFor(urlEqualTo("/serving-endpoints/databricks-gte-large-en/invocations"))
                .withRequestBody(equalToJson("{\"input\":[\"red\",\"green\"]}")));
    }

    private void load(String name, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(name, yaml));
    }
}
