package io.github.camelai.component.databricks;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class CompletionAndEmbeddingTest extends DatabricksTestSupport {

    static final String COMPLETIONS = "/serving-endpoints/my-completions/invocations";
    static final String EMBEDDINGS = "/serving-endpoints/databricks-gte-large-en/invocations";

    @Test
    void completionOfOnePromptWithEveryField() {
        wm.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson("""
                {"id":"cmpl-1","object":"text_completion","created":1,"model":"mpt",
                 "choices":[{"index":0,"text":" blue.","finish_reason":"stop"}],
                 "usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}""")));

        Exchange out = send(uri("completion", "model=my-completions&maxTokens=20&temperature=0.1&topP=0.5&topK=3&stop=.&n=1"
                                              + "&additionalBodyProperty.error_behavior=truncate"
                                              + "&additionalBodyProperty.suffix=!&additionalBodyProperty.echo=false"
                                              + "&additionalBodyProperty.use_raw_prompt=true"), "The sky is");

        assertNull(out.getException());
        assertEquals(" blue.", out.getMessage().getBody());
        assertEquals("cmpl-1", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_ID));
        assertEquals("stop", out.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        assertEquals(6, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        wm.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"stream":false,"prompt":"The sky is","max_tokens":20,"temperature":0.1,"top_p":0.5,"top_k":3,"stop":["."],"n":1,
                         "error_behavior":"truncate","suffix":"!","echo":false,"use_raw_prompt":true}""")));
    }

    @Test
    void completionSetsTheServedModelNameAndFullResponse() {
        wm.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson("""
                {"id":"cmpl-3","object":"text_completion","choices":[{"index":0,"text":"x","finish_reason":"length"}]}""")
                .withHeader("served-model-name", "mpt-7b-v2")));

        Exchange text = send(uri("completion", "model=my-completions"), "A");
        Exchange full = send(uri("completion", "model=my-completions&fullResponse=true"), "A");

        assertNull(text.getException());
        assertEquals("x", text.getMessage().getBody());
        assertEquals("length", text.getMessage().getHeader(DatabricksAiConstants.FINISH_REASON));
        assertEquals("mpt-7b-v2", text.getMessage().getHeader(DatabricksAiConstants.SERVED_MODEL_NAME));
        assertEquals("cmpl-3", assertInstanceOf(io.github.camelai.llm.model.Completion.class, full.getMessage().getBody()).getId());
        assertEquals("mpt-7b-v2", full.getMessage().getHeader(DatabricksAiConstants.SERVED_MODEL_NAME));
        wm.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)).withRequestBody(equalToJson("{\"stream\":false,\"prompt\":\"A\"}")));
    }

    @Test
    void completionBatchKeepsInputOrder() {
        wm.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson("""
                {"id":"cmpl-2","object":"text_completion",
                 "choices":[{"index":2,"text":"c","finish_reason":"stop"},{"index":0,"text":"a","finish_reason":"stop"},
                            {"index":1,"text":"b","finish_reason":"stop"}]}""")));

        Exchange out = send(uri("completion", "model=my-completions"), List.of("A", "B", "C"));

        assertNull(out.getException());
        assertEquals(List.of("a", "b", "c"), out.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)).withRequestBody(equalToJson("""
                {"stream":false,"prompt":["A","B","C"]}""")));
    }

    @Test
    void embeddingOfOneInputWithInstruction() {
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).willReturn(okJson("""
                {"id":"e1","object":"list","model":"gte-large-en","data":[{"object":"embedding","index":0,"embedding":[0.5,-1.25,2]}],
                 "usage":{"prompt_tokens":3,"total_tokens":3}}""")));

        Exchange out = send(uri("embedding", "model=databricks-gte-large-en&instruction=Represent this sentence for searching relevant passages:"),
                "what is camel");

        assertNull(out.getException());
        assertArrayEquals(new float[] { 0.5f, -1.25f, 2f }, assertInstanceOf(float[].class, out.getMessage().getBody()));
        assertEquals("gte-large-en", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_MODEL));
        assertEquals(3, out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        wm.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"input":"what is camel","instruction":"Represent this sentence for searching relevant passages:"}""")));
    }

    @Test
    void embeddingWithoutUsageSetsNoTokenHeaders() {
        // a service that reports no usage: 0 tokens would be a count nobody made
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).willReturn(okJson("""
                {"model":"gte-large-en","data":[{"index":0,"embedding":[1]},{"index":1,"embedding":[2]}]}""")));

        Exchange out = send(uri("embedding", "model=databricks-gte-large-en&batchSize=2"), List.of("a", "b", "c", "d"));

        assertNull(out.getException());
        assertEquals(2, wm.findAll(postRequestedFor(urlEqualTo(EMBEDDINGS))).size());
        assertEquals("gte-large-en", out.getMessage().getHeader(DatabricksAiConstants.RESPONSE_MODEL));
        assertNull(out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        assertNull(out.getMessage().getHeader(DatabricksAiConstants.COMPLETION_TOKENS));
        assertNull(out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
    }

    @Test
    void embeddingTokenHeadersAreTheUsageReported() {
        // one batch reports usage, the other none: the headers add up what was reported, and an embedding
        // generates nothing, so a completion count the service sends is not passed on
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"a\",\"b\"]}"))
                .willReturn(okJson("""
                        {"data":[{"index":0,"embedding":[1]},{"index":1,"embedding":[2]}],
                         "usage":{"prompt_tokens":3,"completion_tokens":0,"total_tokens":4}}""")));
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"c\"]}"))
                .willReturn(okJson("{\"data\":[{\"index\":0,\"embedding\":[3]}]}")));

        Exchange out = send(uri("embedding", "model=databricks-gte-large-en&batchSize=2"), List.of("a", "b", "c"));

        assertNull(out.getException());
        assertEquals(3, out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        assertEquals(4, out.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));
        assertNull(out.getMessage().getHeader(DatabricksAiConstants.COMPLETION_TOKENS));
    }

    @Test
    void instructionHeaderOverridesTheOption() {
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).willReturn(okJson("""
                {"data":[{"index":0,"embedding":[1]}]}""")));

        send(uri("embedding", "model=databricks-gte-large-en&instruction=query:"), "x",
                Map.of(DatabricksAiConstants.INSTRUCTION, "passage:"));

        wm.verify(1, postRequestedFor(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("""
                {"input":"x","instruction":"passage:"}""")));
    }

    @Test
    void everyBatchOfAListCarriesTheInstruction() {
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"q1\",\"q2\"],\"instruction\":\"query:\"}"))
                .willReturn(okJson("{\"data\":[{\"index\":1,\"embedding\":[2]},{\"index\":0,\"embedding\":[1]}]}")));
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"q3\"],\"instruction\":\"query:\"}"))
                .willReturn(okJson("{\"data\":[{\"index\":0,\"embedding\":[3]}]}")));

        Exchange out = send(uri("embedding", "model=databricks-gte-large-en&batchSize=2&instruction=query:"),
                List.of("q1", "q2", "q3"));

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<float[]> vectors = out.getMessage().getBody(List.class);
        assertEquals(3, vectors.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new float[] { i + 1 }, vectors.get(i));
        }
        assertEquals(2, wm.findAll(postRequestedFor(urlEqualTo(EMBEDDINGS))).size());
    }

    @Test
    void embeddingBatchesAreSplitAndReassembledInInputOrder() {
        // each batch answers with its vectors in reverse index order
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"a\",\"b\"]}"))
                .willReturn(okJson("{\"data\":[{\"index\":1,\"embedding\":[2]},{\"index\":0,\"embedding\":[1]}],"
                                   + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}")));
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"c\",\"d\"]}"))
                .willReturn(okJson("{\"data\":[{\"index\":1,\"embedding\":[4]},{\"index\":0,\"embedding\":[3]}],"
                                   + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}")));
        wm.stubFor(post(urlEqualTo(EMBEDDINGS)).withRequestBody(equalToJson("{\"input\":[\"e\"]}"))
                .willReturn(okJson("{\"data\":[{\"index\":0,\"embedding\":[5]}],\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}")));

        Exchange out = send(uri("embedding", "model=databricks-gte-large-en&batchSize=2"), List.of("a", "b", "c", "d", "e"));

        assertNull(out.getException());
        @SuppressWarnings("unchecked")
        List<float[]> vectors = out.getMessage().getBody(List.class);
        assertEquals(5, vectors.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(new float[] { i + 1 }, vectors.get(i));
        }
        assertEquals(5, out.getMessage().getHeader(DatabricksAiConstants.PROMPT_TOKENS));
        assertEquals(3, wm.findAll(postRequestedFor(urlEqualTo(EMBEDDINGS))).size());
        wm.verify(3, postRequestedFor(urlEqualTo(EMBEDDINGS)).withRequestBody(matchingJsonPath("$.input")));
        wm.verify(0, WireMock.anyRequestedFor(WireMock.anyUrl()).withRequestBody(matchingJsonPath("$.model")));
    }
}
