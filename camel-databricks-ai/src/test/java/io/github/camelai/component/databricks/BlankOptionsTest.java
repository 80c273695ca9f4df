package io.github.camelai.component.databricks;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A blank endpoint option (a Kamelet parameter or a placeholder that resolved to nothing) counts as not set: the
 * component's model stays, as its host and token do.
 */
class BlankOptionsTest extends DatabricksTestSupport {

    @Override
    void customize(DatabricksAiComponent component) {
        component.getConfiguration().setModel("my-llm");
        component.getConfiguration().setHost(host());
        component.getConfiguration().setToken(TOKEN);
    }

    @Test
    void aBlankModelKeepsTheComponentsModel() {
        wm.stubFor(post(urlEqualTo("/serving-endpoints/my-llm/invocations")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                          + "\"finish_reason\":\"stop\"}]}")));
        Exchange out = send("databricks-ai:chat?model=&host=&token=", "Hello");
        assertNull(out.getException());
        assertEquals("Hi", out.getMessage().getBody());
        wm.verify(postRequestedFor(urlEqualTo("/serving-endpoints/my-llm/invocations")));
    }
}
