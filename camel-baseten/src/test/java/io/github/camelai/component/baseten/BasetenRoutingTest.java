package io.github.camelai.component.baseten;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where each option combination sends requests, on the wire (modelUrl/baseUrl at WireMock) and as URLs. */
class BasetenRoutingTest extends BasetenWireMockSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/environments/staging/predict,      /environments/staging",
            "/environments/staging/sync,         /environments/staging",
            "/environments/staging/sync/v1,      /environments/staging",
            "/environments/staging/async_predict, /environments/staging",
            "/environments/staging/sync/v1/chat/completions, /environments/staging",
            "/environments/staging/sync/v1/completions, /environments/staging",
            "/environments/staging/sync/v1/embeddings, /environments/staging",
            // anything under sync/v1 is an OpenAI-compatible route of the engine, not part of the root
            "/environments/staging/sync/v1/models, /environments/staging",
            "/environments/staging/sync/v1/models/, /environments/staging",
            "/environments/staging/sync/v1/models/my-llm, /environments/staging",
            "/deployment/q8w7e6r/sync/v1/embeddings/, /deployment/q8w7e6r",
            "/production/sync/v1/responses,      /production",
            "/production/sync/v1/predict,        /production",
            "/sync/v1/models,                    ''",
            "/environments/staging/sync/rerank,  /environments/staging",
            "/environments/staging/sync/predict, /environments/staging",
            "/production/sync/v1/embeddings,     /production",
            "/development/sync/rerank,           /development",
            "/deployment/q8w7e6r/sync/predict,   /deployment/q8w7e6r",
            "/deployment/q8w7e6r/sync/v1/chat/completions, /deployment/q8w7e6r",
            "/environments/staging,              /environments/staging",
            "/environments/staging/,             /environments/staging",
            "//environments//staging//predict,   /environments/staging",
            "/production/predict,                /production",
            "/development/predict,               /development",
            "/deployment/q8w7e6r/predict,        /deployment/q8w7e6r",
            "/predict,                           ''",
            "/predict/environments/x/predict,    /predict/environments/x"
    })
    void everyModelUrlFormReachesItsTargetRoot(String path, String root) {
        wm.stubFor(post(urlMatching(".*")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(chatResponse("ok"))));
        String url = base() + path;
        Exchange chat = send("baseten:chat?modelUrl=" + url, "Hi");
        assertNull(chat.getException());
        Exchange predict = send("baseten:predict?modelUrl=" + url, Map.of("x", 1));
        assertNull(predict.getException());
        send("baseten:embedding?modelUrl=" + url, "e");
        send("baseten:rerank?query=q&modelUrl=" + url, java.util.List.of("t"));
        send("baseten:classify?modelUrl=" + url, "c");
        send("baseten:completion?modelUrl=" + url, "p");
        for (String op : new String[] { "/sync/v1/chat/completions", "/predict", "/sync/v1/embeddings", "/sync/rerank",
                                        "/sync/predict", "/sync/v1/completions" }) {
            wm.verify(1, postRequestedFor(urlEqualTo(root + op)).withHeader("Authorization", equalTo("Api-Key " + KEY)));
        }
        assertEquals(6, wm.getAllServeEvents().size());
    }

    @Test
    void modelApisBaseUrlAndDefault() {
        wm.stubFor(post(urlEqualTo("/custom/v9/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(chatResponse("ok"))));
        assertEquals("ok", send("baseten:chat?model=m&baseUrl=" + base() + "/custom/v9/", "Hi").getMessage().getBody());
        BasetenEndpoint e = context.getEndpoint("baseten:chat?model=m", BasetenEndpoint.class);
        assertEquals("https://inference.baseten.co/v1/chat/completions", e.target().chatCompletionsUrl());
    }

    private BasetenTarget target(String uri) {
        return context.getEndpoint(uri, BasetenEndpoint.class).target();
    }

    @Test
    void modelIdWithEnvironmentOrDeployment() {
        assertEquals("https://model-abcd1234.api.baseten.co/environments/production/sync/v1/chat/completions",
                target("baseten:chat?modelId=abcd1234").chatCompletionsUrl());
        assertEquals("https://model-abcd1234.api.baseten.co/environments/staging/predict",
                target("baseten:predict?modelId=abcd1234&environment=staging").predictUrl());
        assertEquals("https://model-abcd1234.api.baseten.co/deployment/w9x8y7/sync/rerank",
                target("baseten:rerank?modelId=abcd1234&environment=staging&deploymentId=w9x8y7").rerankUrl());
        assertEquals("https://model-abcd1234.api.baseten.co/environments/production/sync/v1/embeddings",
                target("baseten:embedding?modelId=abcd1234").syncV1Url("embeddings"));
        assertEquals("https://model-abcd1234.api.baseten.co/environments/production/sync/v1/completions",
                target("baseten:completion?modelId=abcd1234").syncV1Url("completions"));
        // model is the served model name then, not a route
        assertEquals("https://model-abcd1234.api.baseten.co/environments/production/sync/v1/chat/completions",
                target("baseten:chat?modelId=abcd1234&model=llama").chatCompletionsUrl());
    }

    @Test
    void theDevelopmentEnvironmentIsTheDevelopmentDeployment() {
        String root = "https://model-abcd1234.api.baseten.co/development";
        assertEquals(root + "/sync/v1/chat/completions",
                target("baseten:chat?modelId=abcd1234&environment=development").chatCompletionsUrl());
        assertEquals(root + "/predict", target("baseten:predict?modelId=abcd1234&environment=development").predictUrl());
        assertEquals(root + "/async_predict",
                target("baseten:async-predict?modelId=abcd1234&environment=development").asyncPredictUrl());
        assertEquals(BasetenTarget.fromModelUrl(root + "/predict"),
                target("baseten:embedding?modelId=abcd1234&environment=development"));
    }

    @Test
    void dedicatedRequestsAlwaysCarryAModel() {
        wm.stubFor(post(urlMatching(".*/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(chatResponse("ok"))));
        wm.stubFor(post(urlMatching(".*/sync/v1/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"text\":\"ok\"}]}")));
        wm.stubFor(post(urlMatching(".*/embeddings")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"index\":0,\"embedding\":[1.0]}]}")));

        assertNull(send("baseten:chat?modelUrl=" + modelUrl(), "Hi").getException());
        assertNull(send("baseten:completion?modelUrl=" + modelUrl(), "Once").getException());
        assertNull(send("baseten:embedding?modelUrl=" + modelUrl(), "e").getException());
        assertNull(send("baseten:chat?modelUrl=" + modelUrl(), "Hi", Map.of(BasetenConstants.MODEL, "served")).getException());

        String root = "/environments/production/sync/v1";
        wm.verify(1, postRequestedFor(urlEqualTo(root + "/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"not-required\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
        wm.verify(1, postRequestedFor(urlEqualTo(root + "/completions")).withRequestBody(equalToJson(
                "{\"model\":\"not-required\",\"prompt\":\"Once\"}")));
        wm.verify(1, postRequestedFor(urlEqualTo(root + "/embeddings")).withRequestBody(equalToJson(
                "{\"model\":\"not-required\",\"input\":\"e\"}")));
        wm.verify(1, postRequestedFor(urlEqualTo(root + "/chat/completions")).withRequestBody(equalToJson(
                "{\"model\":\"served\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    }

    @Test
    void dashboardAndRegionalModelUrls() {
        assertEquals("https://model-abcd1234.api.baseten.co/environments/production/sync/v1/chat/completions",
                target("baseten:chat?modelUrl=https://model-abcd1234.api.baseten.co/environments/production/predict")
                        .chatCompletionsUrl());
        assertEquals("https://model-abcd1234-eu.api.baseten.co/predict",
                target("baseten:predict?modelUrl=https://model-abcd1234-eu.api.baseten.co/predict").predictUrl());
        assertEquals("https://model-abcd1234.api.baseten.co/environments/staging/sync/v1/embeddings",
                target("baseten:embedding?modelUrl=https://model-abcd1234.api.baseten.co/environments/staging/sync/v1/models")
                        .syncV1Url("embeddings"));
        assertEquals("https://model-abcd1234-eu.api.baseten.co/sync/v1/chat/completions",
                target("baseten:chat?modelUrl=https://model-abcd1234-eu.api.baseten.co/sync/v1/models/").chatCompletionsUrl());
        // modelUrl wins over modelId
        assertEquals("https://model-zzzz9999.api.baseten.co/deployment/d1/predict",
                target("baseten:predict?modelId=abcd1234&modelUrl=https://model-zzzz9999.api.baseten.co/deployment/d1/predict")
                        .predictUrl());
    }

    @Test
    void badModelUrlFailsAtEndpointCreationListingTheAcceptedForms() {
        Exception ex = assertThrows(Exception.class,
                () -> context.getEndpoint("baseten:chat?modelUrl=https://model-abcd1234.api.baseten.co/v1/models"));
        Throwable root = BasetenEndpointTest.rootCause(ex);
        assertTrue(root.getMessage().contains("does not name a deployment target; accepted forms:"), root.getMessage());
        Exception ex2 = assertThrows(Exception.class,
                () -> context.getEndpoint("baseten:chat?modelUrl=https://inference.baseten.co/v1"));
        assertTrue(BasetenEndpointTest.rootCause(ex2).getMessage().contains("is the Model APIs endpoint"),
                BasetenEndpointTest.rootCause(ex2).getMessage());
    }
}
