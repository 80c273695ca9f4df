package io.github.camelai.component.databricks;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real workspace, only when DATABRICKS_HOST and DATABRICKS_TOKEN are set (skipped otherwise). The
 * endpoints default to pay-per-token ones; override with DATABRICKS_CHAT_ENDPOINT and DATABRICKS_EMBEDDING_ENDPOINT.
 */
@EnabledIfEnvironmentVariable(named = "DATABRICKS_HOST", matches = ".+")
@EnabledIfEnvironmentVariable(named = "DATABRICKS_TOKEN", matches = ".+")
class LiveServiceTest {

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void chatStreamingAndEmbeddingOnTheRealService() throws Exception {
        String chat = env("DATABRICKS_CHAT_ENDPOINT", "databricks-meta-llama-3-3-70b-instruct");
        String embedding = env("DATABRICKS_EMBEDDING_ENDPOINT", "databricks-gte-large-en");
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            var template = context.createProducerTemplate();

            Exchange answer = template.send("databricks-ai:chat?model=" + chat + "&maxTokens=20&temperature=0",
                    e -> e.getMessage().setBody("Reply with the single word: pong"));
            assertNull(answer.getException());
            String text = answer.getMessage().getBody(String.class);
            assertNotNull(text);
            assertTrue(text.toLowerCase().contains("pong"), text);
            assertNotNull(answer.getMessage().getHeader(DatabricksAiConstants.TOTAL_TOKENS));

            Exchange streamed = template.send("databricks-ai:chat?model=" + chat
                                              + "&maxTokens=20&temperature=0&streaming=true&streamOutput=aggregate",
                    e -> e.getMessage().setBody("Reply with the single word: pong"));
            assertNull(streamed.getException());
            assertFalse(streamed.getMessage().getBody(String.class).isBlank());

            Exchange vectors = template.send("databricks-ai:embedding?model=" + embedding,
                    e -> e.getMessage().setBody(List.of("first", "second")));
            assertNull(vectors.getException());
            List<?> list = vectors.getMessage().getBody(List.class);
            assertTrue(list.size() == 2 && assertInstanceOf(float[].class, list.get(0)).length > 0);
        }
    }
}
