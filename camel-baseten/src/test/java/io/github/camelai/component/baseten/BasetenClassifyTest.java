package io.github.camelai.component.baseten;

import java.util.List;
import java.util.Map;

import io.github.camelai.llm.error.LlmException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baseten:classify}: BEI classification at {@code {root}/sync/predict}, on the wire. */
class BasetenClassifyTest extends BasetenWireMockSupport {

    static final String PATH = "/environments/production/sync/predict";

    private void answer(String json) {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(json)));
    }

    @Test
    void oneTextIsSentAsAStringAndGetsItsLabelsBestFirst() {
        answer("[{\"label\":\"negative\",\"score\":0.05},{\"label\":\"positive\",\"score\":0.95}]");

        Exchange out = send("baseten:classify?rawScores=true&truncate=true&truncationDirection=Left&modelUrl="
                            + modelUrl(), "Baseten is fast");

        assertNull(out.getException());
        assertEquals(List.of(Map.of("label", "positive", "score", 0.95), Map.of("label", "negative", "score", 0.05)),
                out.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Api-Key " + KEY))
                .withRequestBody(equalToJson("""
                        {"inputs":"Baseten is fast","raw_scores":true,"truncate":true,"truncation_direction":"Left"}""")));
    }

    @Test
    void aListIsABatchOfOneElementListsAndGetsOneListPerTextInOrder() {
        // a flat ["a","b"] would be read by the engine as one sentence pair
        answer("""
                [[{"label":"spam","score":0.2},{"label":"ham","score":0.8}],
                 [{"label":"spam","score":0.7},{"label":"ham","score":0.3}]]""");

        Exchange out = send("baseten:classify?modelUrl=" + modelUrl(), List.of("Hello mum", "You won a prize"));

        assertNull(out.getException());
        assertEquals(List.of(
                List.of(Map.of("label", "ham", "score", 0.8), Map.of("label", "spam", "score", 0.2)),
                List.of(Map.of("label", "spam", "score", 0.7), Map.of("label", "ham", "score", 0.3))),
                out.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"inputs":[["Hello mum"],["You won a prize"]]}""")));
    }

    @Test
    void eitherAnswerShapeServesEitherBody() {
        // a batch of one answered as a single list, and one text answered as a batch of one
        answer("[{\"label\":\"ham\",\"score\":0.9}]");
        Exchange batch = send("baseten:classify?modelUrl=" + modelUrl(), List.of("Hi"));
        assertEquals(List.of(List.of(Map.of("label", "ham", "score", 0.9))), batch.getMessage().getBody());

        wm.resetAll();
        answer("[[{\"label\":\"ham\",\"score\":0.9}]]");
        Exchange one = send("baseten:classify?modelUrl=" + modelUrl(), "Hi");
        assertEquals(List.of(Map.of("label", "ham", "score", 0.9)), one.getMessage().getBody());
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"inputs\":\"Hi\"}")));
    }

    @Test
    void anAnswerThatDoesNotMatchTheInputsFailsTheExchange() {
        answer("[[{\"label\":\"ham\",\"score\":0.9}]]");
        Exchange out = send("baseten:classify?modelUrl=" + modelUrl(), List.of("a", "b"));
        LlmException e = assertInstanceOf(LlmException.class, out.getException());
        assertEquals("The classify answer has 1 results for 2 texts", e.getMessage());

        wm.resetAll();
        answer("[{\"index\":0,\"score\":0.9}]");
        Exchange rerankShaped = send("baseten:classify?modelUrl=" + modelUrl(), "a");
        assertTrue(rerankShaped.getException().getMessage()
                .startsWith("The classify answer has an item without a text label and a numeric score"),
                rerankShaped.getException().getMessage());
    }

    @Test
    void aPastedSyncPredictUrlAndAModelIdReachTheSameRoute() {
        answer("[{\"label\":\"ham\",\"score\":0.9}]");
        assertNull(send("baseten:classify?modelUrl=" + base() + PATH, "Hi").getException());
        wm.verify(1, postRequestedFor(urlEqualTo(PATH)));

        BasetenEndpoint byId = context.getEndpoint("baseten:classify?modelId=abcd1234&environment=staging",
                BasetenEndpoint.class);
        assertEquals("https://model-abcd1234.api.baseten.co/environments/staging/sync/predict", byId.target().classifyUrl());
    }

    @Test
    void badBodiesAndModelApisAreRefusedBeforeAnyCall() {
        Exchange map = send("baseten:classify?modelUrl=" + modelUrl(), Map.of("inputs", "x"));
        assertEquals("The classify operation cannot use a body of type Map; it accepts String, or a List, array or other "
                     + "Collection of String", map.getException().getMessage());
        Exchange empty = send("baseten:classify?modelUrl=" + modelUrl(), List.of());
        assertEquals("The classify input is an empty List: send at least one String", empty.getException().getMessage());
        Exception modelApis = assertThrows(Exception.class,
                () -> context.getEndpoint("baseten:classify?model=m").start());
        assertTrue(BasetenEndpointTest.rootCause(modelApis).getMessage().startsWith("baseten:classify needs a dedicated "
                                                                                    + "deployment"),
                BasetenEndpointTest.rootCause(modelApis).getMessage());
        assertEquals(0, wm.getAllServeEvents().size());
    }
}
