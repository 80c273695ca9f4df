package io.github.camelai.component.databricks;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What a YAML route can do with the bodies without calling Java methods: the type converters turn chunks and
 * embeddings into plain values, and a {@code String[]} made with the simple language is a list of inputs. (The
 * standalone example's test runs the chunk conversion on a classpath without camel-bean.)
 */
class YamlErgonomicsTest extends DatabricksTestSupport {

    @Test
    void streamedChunksConvertToTheirText() throws Exception {
        load("""
                - route:
                    from:
                      uri: direct:stream
                      steps:
                        - to:
                            uri: databricks-ai:chat
                            parameters:
                              host: "%s"
                              token: "%s"
                              model: my-llm
                              streaming: true
                        - split:
                            simple: "${body}"
                            streaming: true
                            steps:
                              - convertBodyTo: java.lang.String
                              - to: mock:pieces
                """.formatted(host(), TOKEN));
        wm.stubFor(post(urlEqualTo(StreamingTest.CHAT)).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(StreamingTest.CHAT_SSE)));
        MockEndpoint pieces = context.getEndpoint("mock:pieces", MockEndpoint.class);
        // the last chunk carries only the finish reason: its text is empty, so the pieces joined are the answer
        pieces.expectedBodiesReceived(List.of("Hel", "lo", ""));

        Exchange out = send("direct:stream", "Hi");

        assertNull(out.getException());
        pieces.assertIsSatisfied(5000);
    }

    @Test
    void fullResponseConvertsToTheAnswerText() throws Exception {
        load("""
                - route:
                    from:
                      uri: direct:full
                      steps:
                        - to:
                            uri: databricks-ai:chat
                            parameters:
                              host: "%s"
                              token: "%s"
                              model: my-llm
                              fullResponse: true
                        - convertBodyTo: java.lang.String
                """.formatted(host(), TOKEN));
        wm.stubFor(post(urlEqualTo(StreamingTest.CHAT)).willReturn(okJson("""
                {"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"Paris"},"finish_reason":"stop"}]}""")));

        Exchange out = send("direct:full", "Capital of France?");

        assertNull(out.getException());
        assertEquals("Paris", out.getMessage().getBody());
    }

    @Test
    void splitTextIsABatchOfEmbeddingInputsAndVectorsConvertToLists() throws Exception {
        load("""
                - route:
                    from:
                      uri: direct:embed
                      steps:
                        - setBody:
                            simple: "${body.split(',')}"
                        - to:
                            uri: databricks-ai:embedding
                            parameters:
                              host: "%s"
                              token: "%s"
                              model: databricks-gte-large-en
                        - split:
                            simple: "${body}"
                            steps:
                              - convertBodyTo: java.util.List
                              - to: mock:vectors
                """.formatted(host(), TOKEN));
        wm.stubFor(post(urlEqualTo("/serving-endpoints/databricks-gte-large-en/invocations")).willReturn(okJson("""
                {"object":"list","data":[{"index":0,"embedding":[0.5,1.0]},{"index":1,"embedding":[0.25,2.0]}],
                 "usage":{"prompt_tokens":2,"total_tokens":2}}""")));
        MockEndpoint vectors = context.getEndpoint("mock:vectors", MockEndpoint.class);
        vectors.expectedMessageCount(2);

        Exchange out = send("direct:embed", "red,green");

        assertNull(out.getException());
        vectors.assertIsSatisfied(5000);
        assertEquals(List.of(0.5f, 1.0f), vectors.getExchanges().get(0).getMessage().getBody());
        assertEquals(List.of(0.25f, 2.0f), vectors.getExchanges().get(1).getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/serving-endpoints/databricks-gte-large-en/invocations"))
                .withRequestBody(equalToJson("{\"input\":[\"red\",\"green\"]}")));
    }

    private void load(String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("route.yaml", yaml));
    }
}
