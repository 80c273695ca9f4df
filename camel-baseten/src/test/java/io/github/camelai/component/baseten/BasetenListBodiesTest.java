package io.github.camelai.component.baseten;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lists of texts as a YAML route makes them: a String[] from ${body.split(',')}, a Set, any Collection. */
class BasetenListBodiesTest extends BasetenWireMockSupport {

    static final String ROOT = "/environments/production";

    @Test
    void rerankTakesAnArray() {
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/rerank")).willReturn(okJson("[{\"index\":1,\"score\":0.9}]")));
        Exchange out = send("baseten:rerank?query=q&modelUrl=" + modelUrl(), new String[] { "a", "b" });
        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/rerank"))
                .withRequestBody(equalToJson("{\"query\":\"q\",\"texts\":[\"a\",\"b\"]}")));
    }

    @Test
    void rerankTakesASet() {
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/rerank")).willReturn(okJson("[{\"index\":0,\"score\":0.9}]")));
        Exchange out = send("baseten:rerank?query=q&modelUrl=" + modelUrl(), new LinkedHashSet<>(List.of("x", "y")));
        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/rerank"))
                .withRequestBody(equalToJson("{\"query\":\"q\",\"texts\":[\"x\",\"y\"]}")));
    }

    @Test
    void completionBatchTakesAnyCollectionInOrder() {
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/v1/completions")).willReturn(okJson("""
                {"choices":[{"index":1,"text":"B"},{"index":0,"text":"A"}]}""")));
        Exchange out = send("baseten:completion?modelUrl=" + modelUrl(), new ArrayDeque<>(List.of("a", "b")));
        assertNull(out.getException());
        assertEquals(List.of("A", "B"), out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/v1/completions"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"prompt\":[\"a\",\"b\"]}")));
    }

    @Test
    void embeddingOfAnArrayIsAListOfVectors() {
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/v1/embeddings")).willReturn(okJson("""
                {"data":[{"index":0,"embedding":[1.0]},{"index":1,"embedding":[2.0]}]}""")));
        Exchange out = send("baseten:embedding?modelUrl=" + modelUrl(), new String[] { "a", "b" });
        assertNull(out.getException());
        assertEquals(2, out.getMessage().getBody(List.class).size());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/v1/embeddings"))
                .withRequestBody(equalToJson("{\"model\":\"not-required\",\"input\":[\"a\",\"b\"]}")));
    }

    @Test
    void classifyTakesAnArrayAsABatch() {
        wm.stubFor(post(urlEqualTo(ROOT + "/sync/predict")).willReturn(okJson("""
                [[{"label":"ham","score":0.8}],[{"label":"spam","score":0.7}]]""")));
        Exchange out = send("baseten:classify?modelUrl=" + modelUrl(), new String[] { "Hello mum", "You won a prize" });
        assertNull(out.getException());
        assertEquals(2, out.getMessage().getBody(List.class).size());
        wm.verify(postRequestedFor(urlEqualTo(ROOT + "/sync/predict"))
                .withRequestBody(equalToJson("{\"inputs\":[[\"Hello mum\"],[\"You won a prize\"]]}")));
    }

    @Test
    void anArrayOfSomethingElseIsRefusedNamingTheItem() {
        Exchange out = send("baseten:rerank?query=q&modelUrl=" + modelUrl(), new Object[] { "a", 2 });
        assertEquals("Item 1 of the rerank input is of type Integer; every item must be a String",
                out.getException().getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
