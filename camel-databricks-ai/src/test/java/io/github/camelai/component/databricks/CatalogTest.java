package io.github.camelai.component.databricks;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelai.llm.support.GenerationParameter;
import org.apache.camel.spi.Metadata;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated catalog (what YAML DSL tooling and designers read) documents every option and header. */
class CatalogTest {

    static JsonNode catalog() throws Exception {
        try (InputStream in = CatalogTest.class.getResourceAsStream(
                "/META-INF/io/github/camelai/component/databricks/databricks-ai.json")) {
            assertNotNull(in, "the catalog is generated into the jar");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyOptionAndHeaderHasADescription() throws Exception {
        JsonNode c = catalog();
        assertEquals("databricks-ai", c.path("component").path("scheme").asText());
        assertEquals("databricks-ai:operation", c.path("component").path("syntax").asText());
        List<String> missing = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties", "headers")) {
            c.path(section).fields().forEachRemaining(e -> {
                if (e.getValue().path("description").asText().isBlank()) {
                    missing.add(section + "." + e.getKey());
                }
            });
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyGenerationParameterHasItsHeaderConstantAndOption() throws Exception {
        JsonNode c = catalog();
        List<String> declared = new ArrayList<>();
        for (Field f : DatabricksAiConstants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                && f.getAnnotation(Metadata.class) != null) {
                declared.add((String) f.get(null));
            }
        }
        for (GenerationParameter p : GenerationParameter.values()) {
            String header = DatabricksAiConstants.PREFIX + p.header();
            assertTrue(declared.contains(header), "no @Metadata constant for " + header);
            assertFalse(c.path("headers").path(header).path("description").asText().isBlank(),
                    "header not in the catalog: " + header);
            assertTrue(c.path("properties").has(p.option()), "option not in the catalog: " + p.option());
        }
    }

    @Test
    void optionsHeadersAndSecretsAreListed() throws Exception {
        JsonNode c = catalog();
        for (String option : List.of("operation", "model", "host", "token", "clientId", "clientSecret", "servedModel",
                "instruction", "systemMessage", "temperature", "topP", "topK", "maxTokens", "stop", "n", "seed", "tools",
                "toolChoice", "responseFormat", "jsonSchema", "reasoningEffort", "logprobs", "topLogprobs", "streaming",
                "streamOutput", "fullResponse", "additionalBodyProperty", "batchSize", "connectTimeout", "requestTimeout",
                "streamIdleTimeout", "maxRetries", "retryInitialDelay", "retryMaxDelay", "maxConcurrentRequests",
                "tokenRefreshAhead")) {
            assertTrue(c.path("properties").has(option), option);
        }
        assertTrue(c.path("properties").path("token").path("secret").asBoolean());
        assertTrue(c.path("properties").path("clientSecret").path("secret").asBoolean());
        assertEquals("additionalBodyProperty.", c.path("properties").path("additionalBodyProperty").path("prefix").asText());
        for (Map.Entry<String, String> h : Map.of("MODEL", DatabricksAiConstants.MODEL,
                "TOOL_CALLS", DatabricksAiConstants.TOOL_CALLS, "REASONING", DatabricksAiConstants.REASONING,
                "REASONING_TOKENS", DatabricksAiConstants.REASONING_TOKENS,
                "SERVED_MODEL_NAME", DatabricksAiConstants.SERVED_MODEL_NAME,
                "TOOL_ITERATIONS", DatabricksAiConstants.TOOL_ITERATIONS).entrySet()) {
            assertTrue(c.path("headers").has(h.getValue()), h.getKey());
        }
        // every header constant is in the catalog
        List<String> declared = new ArrayList<>();
        for (java.lang.reflect.Field f : DatabricksAiConstants.class.getFields()) {
            if (f.isAnnotationPresent(org.apache.camel.spi.Metadata.class)) {
                declared.add((String) f.get(null));
            }
        }
        List<String> listed = new ArrayList<>();
        c.path("headers").fieldNames().forEachRemaining(listed::add);
        assertEquals(declared.stream().sorted().toList(), listed.stream().sorted().toList());
        assertEquals(32, listed.size());
        assertTrue(c.path("headers").fieldNames().next().startsWith("CamelDatabricksAi"));
    }

    /** Tools (Camel's catalog, IDE plugins) find the component through this file, as in Camel's own jars. */
    @Test
    void theJarListsItsComponentInComponentProperties() throws Exception {
        java.util.Properties found = null;
        java.util.Enumeration<java.net.URL> files = getClass().getClassLoader()
                .getResources("META-INF/services/org/apache/camel/component.properties");
        while (files.hasMoreElements()) {
            java.util.Properties p = new java.util.Properties();
            try (InputStream in = files.nextElement().openStream()) {
                p.load(in);
            }
            if ("camel-databricks-ai".equals(p.getProperty("artifactId"))) {
                found = p;
            }
        }
        assertNotNull(found, "META-INF/services/org/apache/camel/component.properties of camel-databricks-ai");
        assertEquals("databricks-ai", found.getProperty("components"));
        assertEquals("io.github.camelai", found.getProperty("groupId"));
        // the catalog is regenerated on every build, component.properties only on request: a version bump shows here
        assertEquals(catalog().path("component").path("version").asText(), found.getProperty("version"),
                "regenerate it: mvn clean verify -Dcamel-prepare-component=true");
        assertFalse(found.getProperty("projectDescription", "").isBlank());
    }
}
