package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** completion, embedding, rerank and predict against a stand-in deployment. */
class BasetenOperationsTest extends BasetenWireMockSupport {

    private static final String ROOT = "/environments/production";

    private void stubJson(String path, String body) {
        wm.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(body)));
    }

    // ---- completion ----

    @Test
    void modelApisCompletionIsAOneMessageChat() {
        stubJson("/v1/chat/completions", chatResponse("Paul Graham is an essayist."));
        Exchange out = send("baseten:completion?model=deepseek-ai/DeepSeek-V3.1&maxTokens=50&baseUrl=" + baseUrl(),
                "Who is Paul Graham?");
        assertNull(out.getException());
        assertEquals("Paul Graham is an essayist.", out.getMessage().getBody());
        assertEquals(12, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson("{\"model\":\"deepseek-ai/DeepSeek-V3.1\",\"max_tokens\":50,"
                                             + "\"messages\":[{\"role\":\"user\",\"content\":\"Who is Paul Graham?\"}]}")));
    }

    @Test
    void modelApisCompletionBatchKeepsInputOrder() {
        for (String p : List.of("one", "two", "three")) {
            wm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(p)))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json")
                            .withFixedDelay(p.equals("one") ? 300 : 0).withBody(chatResponse(p.toUpperCase()))));
        }
        Exchange out = send("baseten:completion?model=m&baseUrl=" + baseUrl(), List.of("one", "two", "three"));
        assertNull(out.getException());
        assertEquals(List.of("ONE", "TWO", "THREE"), out.getMessage().getBody());
        assertEquals(36, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        wm.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void modelApisCompletionBatchWithoutUsageSetsNoTokenHeaders() {
        // a service that reports no usage: 0 tokens would be a count nobody made
        stubJson("/v1/chat/completions", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\","
                                         + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\"},"
                                         + "\"finish_reason\":\"stop\"}]}");
        Exchange out = send("baseten:completion?model=m&baseUrl=" + baseUrl(), List.of("one", "two"));
        assertNull(out.getException());
        assertEquals(List.of("x", "x"), out.getMessage().getBody());
        assertEquals("m", out.getMessage().getHeader(BasetenConstants.RESPONSE_MODEL));
        assertNull(out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertNull(out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertNull(out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
    }

    @Test
    void modelApisCompletionBatchAddsUpTheUsageReported() {
        // one answer with usage, one without: the sum is of what was reported
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.messages[0].content",
                equalTo("one"))).willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(chatResponse("ONE"))));
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(matchingJsonPath("$.messages[0].content",
                equalTo("two"))).willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                  + "\"content\":\"TWO\"}}]}")));
        Exchange out = send("baseten:completion?model=m&baseUrl=" + baseUrl(), List.of("one", "two"));
        assertNull(out.getException());
        assertEquals(5, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertEquals(7, out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertEquals(12, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
    }

    @Test
    void dedicatedCompletionUsesSyncV1Completions() {
        stubJson(ROOT + "/sync/v1/completions", "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"model\":\"llama\","
                                                 + "\"choices\":[{\"index\":0,\"text\":\" a founder.\",\"finish_reason\":\"length\"}],"
                                                 + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        Exchange out = send("baseten:completion?model=llama&maxTokens=4&sessionAffinity=s1&modelUrl=" + modelUrl(),
                "Paul Graham is");
        assertNull(out.getException());
        assertEquals(" a founder.", out.getMessage().getBody());
        assertEquals("length", out.getMessage().getHeader(BasetenConstants.FINISH_REASON));
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/v1/completions"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withHeader("x-session-affinity", equalTo("s1"))
                .withRequestBody(equalToJson("{\"model\":\"llama\",\"prompt\":\"Paul Graham is\",\"max_tokens\":4}")));
    }

    // ---- embedding ----

    private static String embeddingAnswer(int... values) {
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"model\":\"bei\",\"data\":[");
        // answered in reverse order, with indexes: the component must reorder
        for (int i = values.length - 1; i >= 0; i--) {
            sb.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[")
                    .append(values[i]).append(".0,0.5]}").append(i > 0 ? "," : "");
        }
        return sb.append("],\"usage\":{\"prompt_tokens\":").append(values.length).append(",\"total_tokens\":")
                .append(values.length).append("}}").toString();
    }

    @Test
    void embeddingOfOneString() {
        stubJson(ROOT + "/sync/v1/embeddings", embeddingAnswer(7));
        Exchange out = send("baseten:embedding?model=bei&modelUrl=" + modelUrl(), "hello");
        assertNull(out.getException());
        assertArrayEquals(new float[] { 7f, 0.5f }, (float[]) out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/v1/embeddings"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson("{\"model\":\"bei\",\"input\":\"hello\"}")));
    }

    @Test
    void embeddingSendsSessionAffinityOnEveryBatch() {
        stubJson(ROOT + "/sync/v1/embeddings", embeddingAnswer(7));
        Exchange out = send("baseten:embedding?batchSize=1&sessionAffinity=tenant-9&modelUrl=" + modelUrl(),
                List.of("a", "b"));
        assertNull(out.getException());
        wm.verify(2, postRequestedFor(urlEqualTo(ROOT + "/sync/v1/embeddings"))
                .withHeader("x-session-affinity", equalTo("tenant-9")));
    }

    @Test
    void embeddingBatchesGoOutConcurrentlyAndComeBackInOrder() {
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\"}"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withFixedDelay(300)
                        .withBody(embeddingAnswer(1, 2))));
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"input\":[\"c\",\"d\"],\"encoding_format\":\"float\"}"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(embeddingAnswer(3, 4))));
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"input\":[\"e\"],\"encoding_format\":\"float\"}"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(embeddingAnswer(5))));
        Exchange out = send("baseten:embedding?batchSize=2&additionalBodyProperty.encoding_format=float&modelUrl="
                            + modelUrl(), List.of("a", "b", "c", "d", "e"));
        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<float[]> vectors = out.getMessage().getBody(List.class);
        assertEquals(5, vectors.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1f, vectors.get(i)[0], "vector " + i);
        }
        assertEquals(5, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        wm.verify(3, postRequestedFor(urlEqualTo(ROOT + "/sync/v1/embeddings")));
    }

    @Test
    void embeddingWithoutUsageSetsNoTokenHeaders() {
        // a deployment that reports no usage: 0 tokens would be a count nobody made
        stubJson(ROOT + "/sync/v1/embeddings", "{\"object\":\"list\",\"model\":\"bei\","
                                               + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[7.0]}]}");
        Exchange out = send("baseten:embedding?batchSize=1&modelUrl=" + modelUrl(), List.of("a", "b"));
        assertNull(out.getException());
        wm.verify(2, postRequestedFor(urlEqualTo(ROOT + "/sync/v1/embeddings")));
        assertEquals("bei", out.getMessage().getHeader(BasetenConstants.RESPONSE_MODEL));
        assertNull(out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertNull(out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
        assertNull(out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
    }

    @Test
    void embeddingTokenHeadersAreTheUsageReported() {
        stubJson(ROOT + "/sync/v1/embeddings", "{\"object\":\"list\",\"model\":\"bei\","
                                               + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[7.0]}],"
                                               + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":4}}");
        Exchange out = send("baseten:embedding?modelUrl=" + modelUrl(), "hello");
        assertNull(out.getException());
        assertEquals(3, out.getMessage().getHeader(BasetenConstants.PROMPT_TOKENS));
        assertEquals(4, out.getMessage().getHeader(BasetenConstants.TOTAL_TOKENS));
        assertNull(out.getMessage().getHeader(BasetenConstants.COMPLETION_TOKENS));
    }

    @Test
    void embeddingRefusesOtherBodies() {
        Exchange out = send("baseten:embedding?modelUrl=" + modelUrl(), Map.of("x", 1));
        assertEquals("The embedding operation cannot use a body of type Map; it "
                     + "accepts String, or a List, array or other Collection of String", out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    // ---- rerank ----

    @Test
    void rerankSendsQueryAndTextsAndReturnsBestFirst() {
        stubJson(ROOT + "/sync/rerank", "[{\"index\":0,\"score\":0.1,\"text\":\"cats\"},"
                                        + "{\"index\":2,\"score\":0.9,\"text\":\"Paris is in France\"},"
                                        + "{\"index\":1,\"score\":0.5,\"text\":\"Berlin\"}]");
        Exchange out = send("baseten:rerank?query=capital of France&returnText=true&rawScores=false"
                            + "&additionalBodyProperty.truncation_direction=Right&modelUrl=" + modelUrl(),
                List.of("cats", "Berlin", "Paris is in France"));
        assertNull(out.getException());
        assertEquals(List.of(Map.of("index", 2, "score", 0.9, "text", "Paris is in France"),
                Map.of("index", 1, "score", 0.5, "text", "Berlin"),
                Map.of("index", 0, "score", 0.1, "text", "cats")), out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/rerank"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson("{\"query\":\"capital of France\",\"texts\":[\"cats\",\"Berlin\","
                                             + "\"Paris is in France\"],\"raw_scores\":false,\"return_text\":true,"
                                             + "\"truncation_direction\":\"Right\"}")));
    }

    @Test
    void rerankQueryFromHeaderWins() {
        stubJson(ROOT + "/sync/rerank", "[{\"index\":0,\"score\":0.3}]");
        Exchange out = send("baseten:rerank?query=option&modelUrl=" + modelUrl(), List.of("t"),
                Map.of(BasetenConstants.QUERY, "from header"));
        assertEquals(List.of(Map.of("index", 0, "score", 0.3)), out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/rerank"))
                .withRequestBody(equalToJson("{\"query\":\"from header\",\"texts\":[\"t\"]}")));
    }

    @Test
    void rerankWithoutQueryFailsBeforeAnyCall() {
        Exchange out = send("baseten:rerank?modelUrl=" + modelUrl(), List.of("a"));
        assertEquals("rerank needs a query: set the query option or the CamelBasetenQuery header",
                out.getException().getMessage());
        Exchange out2 = send("baseten:rerank?query=q&modelUrl=" + modelUrl(), "just text");
        assertEquals("The rerank operation cannot use a body of type String; it accepts a List, array or other "
                     + "Collection of String (the texts to rank against the query)", out2.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    // ---- predict ----

    public static class Prompt {
        public String prompt = "Hello";
        public int max_tokens = 5;
    }

    @Test
    void predictSendsAnyJsonAndParsesTheAnswer() throws Exception {
        stubJson(ROOT + "/predict", "{\"output\":\"hi\",\"scores\":[1,2]}");
        Exchange out = send("baseten:predict?modelUrl=" + modelUrl(), Map.of("prompt", "Hello", "max_tokens", 5));
        assertNull(out.getException());
        assertEquals(Map.of("output", "hi", "scores", List.of(1, 2)), out.getMessage().getBody());
        String expected = "{\"prompt\":\"Hello\",\"max_tokens\":5}";
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/predict"))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(expected)));
        // JSON text, JsonNode and a POJO send the same
        send("baseten:predict?modelUrl=" + modelUrl(), expected);
        send("baseten:predict?modelUrl=" + modelUrl(), LlmJson.MAPPER.readTree(expected));
        send("baseten:predict?modelUrl=" + modelUrl(), new Prompt());
        send("baseten:predict?modelUrl=" + modelUrl(), expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        wm.verify(5, postRequestedFor(urlEqualTo(ROOT + "/predict")).withRequestBody(equalToJson(expected)));
    }

    @Test
    void predictListAnswerAndTextAnswer() {
        stubJson(ROOT + "/predict", "[0.1,0.2]");
        assertEquals(List.of(0.1, 0.2), send("baseten:predict?modelUrl=" + modelUrl(), List.of(1, 2)).getMessage().getBody());
        wm.stubFor(post(urlEqualTo(ROOT + "/predict")).willReturn(aResponse().withHeader("Content-Type", "text/plain")
                .withBody("plain words")));
        assertEquals("plain words", send("baseten:predict?modelUrl=" + modelUrl(), "{}").getMessage().getBody());
    }

    @Test
    void predictRefusesTextThatIsNotJson() {
        Exchange out = send("baseten:predict?modelUrl=" + modelUrl(), "Hello model");
        assertEquals("The predict body is text but not JSON (Hello model); send JSON text, or a Map, List, JsonNode or POJO",
                out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }

    @Test
    void predictRefusesEmptyTextBeforeAnyCall() {
        // Jackson reads empty text as "no content"; it must not go out as the JSON text null
        for (Object body : new Object[] { "", "  \n ", new byte[0] }) {
            Exchange out = send("baseten:predict?modelUrl=" + modelUrl(), body);
            assertInstanceOf(IllegalArgumentException.class, out.getException());
            assertEquals("The predict body is empty text; send JSON text, or a Map, List, JsonNode or POJO",
                    out.getException().getMessage());
        }
        assertEquals(0, wm.getAllServeEvents().size());
    }

    private int routes;

    private Exchange sendAndDrain(String uri, Object body) throws Exception {
        String from = "direct:p" + (routes++);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(uri).process(e -> {
                    Iterator<?> it = e.getMessage().getBody(Iterator.class);
                    List<Object> items = new ArrayList<>();
                    it.forEachRemaining(items::add);
                    e.getMessage().setBody(items);
                });
            }
        });
        return send(from, body);
    }

    @Test
    void predictStreamOfServerSentEventsIsAnIteratorOfTheirData() throws Exception {
        wm.stubFor(post(urlEqualTo(ROOT + "/predict")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withChunkedDribbleDelay(3, 60)
                .withBody("data: {\"token\":\"Hel\"}\n\ndata: {\"token\":\"lo\"}\n\n: keep-alive\n\ndata: [DONE]\n\n")));
        Exchange out = sendAndDrain("baseten:predict?streaming=true&modelUrl=" + modelUrl(), Map.of("prompt", "Hi"));
        assertNull(out.getException());
        assertEquals(List.of("{\"token\":\"Hel\"}", "{\"token\":\"lo\"}"), out.getMessage().getBody());
        // stream: true is added to an object input that does not say
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/predict"))
                .withRequestBody(equalToJson("{\"prompt\":\"Hi\",\"stream\":true}")));
    }

    @Test
    void predictStreamOfRawTextIsAnIteratorOfPieces() throws Exception {
        String text = "Grüße aus Köln — ünïcödé text that arrives in pieces";
        wm.stubFor(post(urlEqualTo(ROOT + "/predict")).willReturn(aResponse()
                .withHeader("Content-Type", "text/plain; charset=utf-8").withChunkedDribbleDelay(7, 140).withBody(text)));
        ObjectNode input = LlmJson.MAPPER.createObjectNode().put("prompt", "Hi").put("stream", false);
        Exchange out = sendAndDrain("baseten:predict?streaming=true&modelUrl=" + modelUrl(), input);
        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<String> pieces = out.getMessage().getBody(List.class);
        assertEquals(text, String.join("", pieces));
        // the input's own "stream" is respected
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/predict"))
                .withRequestBody(equalToJson("{\"prompt\":\"Hi\",\"stream\":false}")));
    }

    @Test
    void predictStreamAggregated() {
        wm.stubFor(post(urlEqualTo(ROOT + "/predict")).willReturn(aResponse()
                .withHeader("Content-Type", "application/octet-stream").withChunkedDribbleDelay(4, 80)
                .withBody("one two three four")));
        Exchange out = send("baseten:predict?streaming=true&streamOutput=aggregate&modelUrl=" + modelUrl(),
                Map.of("prompt", "count"));
        assertNull(out.getException());
        assertEquals("one two three four", out.getMessage().getBody());
        assertInstanceOf(Long.class, out.getMessage().getHeader(BasetenConstants.TIME_TO_FIRST_TOKEN));

        wm.stubFor(post(urlEqualTo(ROOT + "/predict")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody("data: a\n\ndata: b\n\n")));
        Exchange sse = send("baseten:predict?streaming=true&streamOutput=aggregate&modelUrl=" + modelUrl(),
                Map.of("prompt", "count"));
        assertNull(sse.getException());
        assertEquals(List.of("a", "b"), sse.getMessage().getBody());
    }
}
