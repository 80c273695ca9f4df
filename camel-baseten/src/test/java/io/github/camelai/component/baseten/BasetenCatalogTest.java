package io.github.camelai.component.baseten;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.support.GenerationParameter;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated catalog lists every option and header, with descriptions; secrets are marked. */
class BasetenCatalogTest {

    private static JsonNode catalog() throws Exception {
        try (InputStream in = BasetenCatalogTest.class
                .getResourceAsStream("/META-INF/io/github/camelai/component/baseten/baseten.json")) {
            assertNotNull(in, "generated catalog missing");
            return LlmJson.MAPPER.readTree(in);
        }
    }

    @Test
    void everySharedHeaderHasABasetenConstantInTheCatalog() throws Exception {
        JsonNode headers = catalog().get("headers");
        List<String> declared = new ArrayList<>();
        for (Field f : BasetenConstants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("PREFIX")) {
                declared.add((String) f.get(null));
            }
        }
        for (Field f : LlmHeaders.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String full = BasetenConstants.PREFIX + f.get(null);
                assertTrue(declared.contains(full), "no constant for " + full);
            }
        }
        // the per-exchange overrides: every line of the shared table has its header here and its option
        for (GenerationParameter p : GenerationParameter.values()) {
            String full = BasetenConstants.PREFIX + p.header();
            assertTrue(declared.contains(full), "no constant for " + full);
            assertNotNull(catalog().get("properties").get(p.option()), "option not in catalog: " + p.option());
        }
        for (String h : declared) {
            JsonNode node = headers.get(h);
            assertNotNull(node, "header not in catalog: " + h);
            assertFalse(node.path("description").asText().isBlank(), "no description: " + h);
        }
        for (String h : List.of("CamelBasetenAsyncRequestId", "CamelBasetenAsyncStatus", "CamelBasetenModelId",
                "CamelBasetenDeploymentId", "CamelBasetenWebhookTime", "CamelBasetenWebhookErrors",
                "CamelBasetenQuery", "CamelBasetenSessionAffinity",
                "CamelBasetenPriority", "CamelBasetenToolCalls", "CamelBasetenReasoning", "CamelBasetenImageMimeType")) {
            assertNotNull(headers.get(h), h);
        }
    }

    @Test
    void everyOptionIsInTheCatalogWithADescription() throws Exception {
        JsonNode props = catalog().get("properties");
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = BasetenConfiguration.class; c != Object.class; c = c.getSuperclass()) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        int options = 0;
        for (Field f : fields) {
            if (f.getAnnotation(UriParam.class) != null) {
                options++;
                JsonNode p = props.get(f.getName());
                assertNotNull(p, "option not in catalog: " + f.getName());
                assertFalse(p.path("description").asText().isBlank(), "no description: " + f.getName());
            }
        }
        assertTrue(options > 50, "options found: " + options);
        assertTrue(props.get("apiKey").path("secret").asBoolean());
        assertTrue(props.get("webhookSecret").path("secret").asBoolean());
        assertEquals(BasetenOperation.NAMES, String.join(",", iterable(props.get("operation").get("enum"))));
        assertEquals("baseten:operation", catalog().get("component").get("syntax").asText());
    }

    private static List<String> iterable(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
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
            if ("camel-baseten".equals(p.getProperty("artifactId"))) {
                found = p;
            }
        }
        assertNotNull(found, "META-INF/services/org/apache/camel/component.properties of camel-baseten");
        assertEquals("baseten", found.getProperty("components"));
        assertEquals("io.github.camelai", found.getProperty("groupId"));
        // the catalog is regenerated on every build, component.properties only on request: a version bump shows here
        assertEquals(catalog().path("component").path("version").asText(), found.getProperty("version"),
                "regenerate it: mvn clean verify -Dcamel-prepare-component=true");
        assertFalse(found.getProperty("projectDescription", "").isBlank());
    }
}
