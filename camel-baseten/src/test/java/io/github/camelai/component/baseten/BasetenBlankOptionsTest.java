package io.github.camelai.component.baseten;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A blank endpoint option (a Kamelet parameter or a placeholder that resolved to nothing) counts as not set: the
 * component's value stays, for modelUrl, model and baseUrl as for the API key.
 */
class BasetenBlankOptionsTest extends BasetenWireMockSupport {

    private BasetenConfiguration componentConfiguration() {
        return context.getComponent("baseten", BasetenComponent.class).getConfiguration();
    }

    @Test
    void aBlankModelUrlKeepsTheComponentsDeployment() {
        componentConfiguration().setModelUrl(modelUrl());
        wm.stubFor(post(urlEqualTo("/environments/production/predict"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"y\":2}")));
        Exchange out = send("baseten:predict?modelUrl=&modelId=&apiKey=", "{\"x\":1}");
        assertNull(out.getException());
        assertEquals(1, wm.findAll(postRequestedFor(urlEqualTo("/environments/production/predict"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Api-Key " + KEY)))
                .size());
    }

    @Test
    void aBlankModelAndBaseUrlKeepTheComponentsValues() {
        componentConfiguration().setModel("component-model");
        componentConfiguration().setBaseUrl(baseUrl());
        wm.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(chatResponse("Hi"))));
        Exchange out = send("baseten:chat?model=&baseUrl=", "Hello");
        assertNull(out.getException());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"component-model\"}", true, true)));
    }
}
