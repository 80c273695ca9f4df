package com.example;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import io.github.camelai.component.baseten.BasetenComponent;
import io.github.camelai.component.databricks.DatabricksAiComponent;
import io.github.camelai.examples.LocalLlmEmulator;
import io.github.camelai.llm.tool.LlmToolComponent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application as Camel Quarkus (JVM mode) runs it: the components found through their jars' Jandex index,
 * {@code camel.component.*} options bound from configuration, the YAML route streaming a chat from the emulator.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class AskRouteTest {

    @Inject
    CamelContext context;

    @TestHTTPResource("/ask")
    URL ask;

    @Test
    void theRouteStreamsTheAnswerPieceByPieceAndAnswersWithIt() throws Exception {
        List<String> pieces = new CopyOnWriteArrayList<>();
        context.getCamelContextExtension().addLogListener((exchange, logger, message) -> {
            if ("answer".equals(logger.getLog().getName())) {
                pieces.add(message);
            }
            return message;
        });
        String question = "What is Apache Camel?";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ask + "?q=" + URLEncoder.encode(question, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(LocalLlmEmulator.answerFor(question), response.body().trim());
        assertTrue(pieces.stream().filter(p -> !p.isEmpty()).count() >= 4,
                "the answer arrives in pieces, one log line each: " + pieces);
    }

    @Test
    void theComponentsAreFoundAndTheirOptionsBoundFromConfiguration() {
        DatabricksAiComponent databricks = assertInstanceOf(DatabricksAiComponent.class, context.getComponent("databricks-ai"));
        // application.properties, kebab-case
        assertEquals(120000, databricks.getConfiguration().getRequestTimeout());
        // the test resource's properties (the emulator accepts no other token: the chat above proves it was sent)
        assertEquals(EmulatorResource.CREDENTIAL, databricks.getConfiguration().getToken());

        BasetenComponent baseten = assertInstanceOf(BasetenComponent.class, context.getComponent("baseten"));
        assertEquals(EmulatorResource.CREDENTIAL, baseten.getApiKey());
        assertTrue(baseten.getConfiguration().getBaseUrl().endsWith("/v1"), baseten.getConfiguration().getBaseUrl());

        assertInstanceOf(LlmToolComponent.class, context.getComponent("llm-tool"));
    }

    @Test
    void jacksonCoreAndDatabindComeFromTheSameRelease() {
        // the Quarkus BOM (Jackson 2.21) wins over the components' 2.19; a core older than databind breaks at run time
        String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertEquals(core.substring(0, core.lastIndexOf('.')), databind.substring(0, databind.lastIndexOf('.')),
                "jackson-core " + core + ", jackson-databind " + databind);
    }
}
