package io.github.camelai.component.baseten.springboot;

import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.component.baseten.BasetenComponent;
import io.github.camelai.component.baseten.BasetenConfiguration;
import io.github.camelai.examples.LocalLlmEmulator;
import io.github.camelai.llm.tool.LlmToolComponent;
import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot application with the starter, configured as users do: application properties in kebab-case and
 * camelCase, environment variables, a bean reference; a YAML route; chats against the local emulator.
 */
@SpringBootTest(classes = StarterTestApplication.class, properties = {
        "camel.main.routes-include-pattern=classpath:routes/*.yaml",
        // kebab-case
        "camel.component.baseten.max-retries=5",
        "camel.component.baseten.request-timeout=45s",
        "camel.component.baseten.additional-body-property.frequency_penalty=0.5",
        "camel.component.baseten.worker-pool=#bean:llmPool",
        // camelCase
        "camel.component.baseten.apiKey=emulator-key",
        "camel.component.baseten.systemMessage=Answer briefly.",
        // the tool component both starters bring
        "camel.component.llm-tool.bridge-error-handler=true",
})
@ContextConfiguration(initializers = StarterTestApplication.TestEnvironmentVariables.class)
class BasetenStarterTest {

    static final LocalLlmEmulator EMULATOR = start();

    @Autowired
    CamelContext camelContext;
    @Autowired
    ProducerTemplate template;
    @Autowired
    MeterRegistry meterRegistry;
    @Autowired
    ExecutorService llmPool;

    static LocalLlmEmulator start() {
        try {
            return new LocalLlmEmulator().start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("camel.component.baseten.base-url", EMULATOR::basetenBaseUrl);
    }

    @AfterAll
    static void stopEmulator() {
        EMULATOR.close();
    }

    @BeforeEach
    void clear() {
        EMULATOR.reset();
    }

    @Test
    void everyFormOfPropertyReachesTheComponent() {
        BasetenComponent component = camelContext.getComponent("baseten", BasetenComponent.class);
        BasetenConfiguration cfg = component.getConfiguration();
        assertEquals(EMULATOR.basetenBaseUrl(), cfg.getBaseUrl());
        assertEquals(5, cfg.getMaxRetries());
        assertEquals(45_000L, cfg.getRequestTimeout());
        assertEquals("0.5", String.valueOf(cfg.getAdditionalBodyProperty().get("frequency_penalty")));
        assertSame(llmPool, component.getWorkerPool());
        assertEquals("emulator-key", component.getApiKey());
        assertEquals("Answer briefly.", cfg.getSystemMessage());
        assertEquals(0.25, cfg.getTemperature());
        assertEquals(7, component.getMaxConnections());
        assertTrue(camelContext.getComponent("llm-tool", LlmToolComponent.class).isBridgeErrorHandler());
    }

    @Test
    void aYamlRouteChatsWithTheConfiguredComponent() throws Exception {
        String answer = template.requestBody("direct:chat", "What is Camel?", String.class);

        assertEquals(LocalLlmEmulator.answerFor("What is Camel?"), answer);
        RecordedRequest request = EMULATOR.requests().get(0);
        assertEquals("/v1/chat/completions", request.path());
        assertEquals("Api-Key emulator-key", request.headers().get("authorization"));
        JsonNode body = request.json();
        assertEquals(0.25, body.get("temperature").asDouble());
        assertEquals(0.5, body.get("frequency_penalty").asDouble());
        assertEquals("system", body.get("messages").get(0).get("role").asText());
        assertEquals("Answer briefly.", body.get("messages").get(0).get("content").asText());
    }

    @Test
    void llmToolRoutesWorkWithNoConfiguration() {
        String answer = template.requestBody("direct:chat-with-tools", "Look up Camel", String.class);

        assertTrue(answer.contains("found it"), answer);
        assertEquals(2, EMULATOR.requests().size());
        assertEquals("lookup", EMULATOR.requests().get(0).json().at("/tools/0/function/name").asText());
    }

    @Test
    void genAiMetricsAreOnBootsMeterRegistry() {
        template.requestBody("direct:chat", "Count me", String.class);

        Timer duration = meterRegistry.find("gen_ai.client.operation.duration")
                .tag("gen_ai.operation.name", "chat").timer();
        assertNotNull(duration, "no gen_ai.client.operation.duration on Boot's registry: " + meterRegistry.getMeters());
        assertTrue(duration.count() >= 1);
        assertNotNull(meterRegistry.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary());
    }
}
