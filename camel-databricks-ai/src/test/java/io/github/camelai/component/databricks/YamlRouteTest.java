package io.github.camelai.component.databricks;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Routes written in the YAML DSL, loaded by camel-yaml-dsl, as the docs show them. */
class YamlRouteTest extends DatabricksTestSupport {

    @Test
    void yamlChatRoute() throws Exception {
        String yaml = """
                - route:
                    id: ask-llama
                    from:
                      uri: direct:ask
                      steps:
                        - to:
                            uri: databricks-ai:chat
                            parameters:
                              host: "%s"
                              token: "%s"
                              model: databricks-meta-llama-3-3-70b-instruct
                              systemMessage: Answer in one word.
                              temperature: 0.2
                              maxTokens: 20
                              additionalBodyProperty.top_k: 5
                        - to: mock:answers
                """.formatted(host(), TOKEN);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("ask.yaml", yaml));
        wm.stubFor(post(urlEqualTo("/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations"))
                .willReturn(okJson("""
                        {"id":"y1","choices":[{"index":0,"message":{"role":"assistant","content":"Paris"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21}}""")));
        MockEndpoint answers = context.getEndpoint("mock:answers", MockEndpoint.class);
        answers.expectedBodiesReceived("Paris");
        answers.expectedHeaderReceived(DatabricksAiConstants.TOTAL_TOKENS, 21);

        Exchange out = send("direct:ask", "Capital of France?");

        assertNull(out.getException());
        answers.assertIsSatisfied(5000);
        wm.verify(1, postRequestedFor(urlEqualTo("/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"stream":false,"messages":[{"role":"system","content":"Answer in one word."},{"role":"user","content":"Capital of France?"}],
                         "temperature":0.2,"max_tokens":20,"top_k":5}""")));
    }

    @Test
    void yamlStreamingResponsesRouteSplitsEvents() throws Exception {
        String yaml = """
                - route:
                    from:
                      uri: direct:stream
                      steps:
                        - to:
                            uri: databricks-ai:responses
                            parameters:
                              host: "%s"
                              token: "%s"
                              model: databricks-gpt-5
                              streaming: true
                        - split:
                            simple: "${body}"
                            streaming: true
                            steps:
                              - filter:
                                  simple: "${body.type} == 'response.output_text.delta'"
                                  steps:
                                    - setBody:
                                        simple: "${body.delta}"
                                    - to: mock:deltas
                """.formatted(host(), TOKEN);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("stream.yaml", yaml));
        wm.stubFor(post(urlEqualTo("/serving-endpoints/responses")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(StreamingTest.RESPONSES_SSE)));
        MockEndpoint deltas = context.getEndpoint("mock:deltas", MockEndpoint.class);
        deltas.expectedBodiesReceived(List.of("Hel", "lo"));

        Exchange out = send("direct:stream", "Hi");

        assertNull(out.getException());
        deltas.assertIsSatisfied(5000);
        assertEquals(1, wm.findAll(postRequestedFor(urlEqualTo("/serving-endpoints/responses"))).size());
    }
}
