package io.github.camelai.component.baseten;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A Camel context with the baseten component (API key injected as if from BASETEN_API_KEY) and a WireMock server
 * standing in for Baseten.
 */
abstract class BasetenWireMockSupport {

    static final String KEY = "test-key-123";

    static WireMockServer wm;
    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void startWireMock() {
        wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void startCamel() throws Exception {
        wm.resetAll();
        context = new DefaultCamelContext();
        context.addComponent("baseten", BasetenEndpointTest.componentWithEnv(Map.of("BASETEN_API_KEY", KEY)));
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    /** The WireMock base URL, e.g. http://localhost:1234 */
    static String base() {
        return "http://localhost:" + wm.port();
    }

    /** A modelUrl on WireMock for the production environment. */
    static String modelUrl() {
        return base() + "/environments/production/predict";
    }

    /** Model APIs on WireMock. */
    static String baseUrl() {
        return base() + "/v1";
    }

    Exchange send(String uri, Object body) {
        return send(uri, body, Map.of());
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    static String chatResponse(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"served-model\","
               + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + json(content)
               + "},\"finish_reason\":\"stop\"}],"
               + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}";
    }

    static String json(String s) {
        try {
            return io.github.camelai.llm.support.LlmJson.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
