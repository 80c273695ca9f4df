package io.github.camelai.component.databricks.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.component.databricks.DatabricksAiComponent;
import io.github.camelai.component.databricks.DatabricksAiConfiguration;
import io.github.camelai.examples.LocalLlmEmulator;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot application with the starter, configured as users do: application properties in kebab-case and
 * camelCase, environment variables; a YAML route; a chat against the local emulator.
 */
@SpringBootTest(classes = StarterTestApplication.class, properties = {
        "camel.main.routes-include-pattern=classpath:routes/*.yaml",
        // kebab-case
        "camel.component.databricks-ai.max-retries=4",
        "camel.component.databricks-ai.token-refresh-ahead=2m",
        "camel.component.databricks-ai.additional-body-property[top_k]=5",
        // camelCase
        "camel.component.databricks-ai.token=dapi-emulator",
        "camel.component.databricks-ai.systemMessage=Answer briefly.",
})
@ContextConfiguration(initializers = StarterTestApplication.TestEnvironmentVariables.class)
class DatabricksAiStarterTest {

    static final LocalLlmEmulator EMULATOR = start();

    @Autowired
    CamelContext camelContext;
    @Autowired
    ProducerTemplate template;
    @Autowired
    MeterRegistry meterRegistry;

    static LocalLlmEmulator start() {
        try {
            return new LocalLlmEmulator().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("camel.component.databricks-ai.host", EMULATOR::url);
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
        DatabricksAiConfiguration cfg = camelContext.getComponent("databricks-ai", DatabricksAiComponent.class)
                .getConfiguration();
        assertEquals(EMULATOR.url(), cfg.getHost());
        assertEquals("dapi-emulator", cfg.getToken());
        assertEquals(4, cfg.getMaxRetries());
        assertEquals(120_000L, cfg.getTokenRefreshAhead());
        assertEquals("5", String.valueOf(cfg.getAdditionalBodyProperty().get("top_k")));
        assertEquals("Answer briefly.", cfg.getSystemMessage());
        assertEquals(0.25, cfg.getTemperature());
        assertEquals(64, cfg.getMaxTokens());
    }

    @Test
    void aYamlRouteChatsWithTheConfiguredComponent() {
        String answer = template.requestBody("direct:chat", "What is Camel?", String.class);

        assertEquals(LocalLlmEmulator.answerFor("What is Camel?"), answer);
        RecordedRequest request = EMULATOR.requests().get(0);
        assertEquals("/serving-endpoints/my-llm/invocations", request.path());
        assertEquals("Bearer dapi-emulator", request.headers().get("authorization"));
        JsonNode body = request.json();
        assertEquals(0.25, body.get("temperature").asDouble());
        assertEquals(64, body.get("max_tokens").asInt());
        assertEquals(5, body.get("top_k").asInt());
        assertEquals("Answer briefly.", body.get("messages").get(0).get("content").asText());
    }

    @Test
    void genAiMetricsAreOnBootsMeterRegistry() {
        template.requestBody("direct:chat", "Count me", String.class);

        Timer duration = meterRegistry.find("gen_ai.client.operation.duration")
                .tag("gen_ai.operation.name", "chat").timer();
        assertNotNull(duration, "no gen_ai.client.operation.duration on Boot's registry: " + meterRegistry.getMeters());
        assertTrue(duration.count() >= 1);
    }
}
