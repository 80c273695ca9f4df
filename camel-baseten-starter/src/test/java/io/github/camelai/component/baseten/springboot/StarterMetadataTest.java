package io.github.camelai.component.baseten.springboot;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import io.github.camelai.llm.springboot.LlmToolAutoConfiguration;
import io.github.camelai.llm.springboot.metadata.ConfigurationMetadataGenerator;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The IDE metadata the starter's jars carry says what the components' catalogs say, option by option. */
class StarterMetadataTest {

    @Test
    void everyCatalogOptionIsInTheIdeMetadataWithItsDescription() throws Exception {
        everyCatalogOptionIsInTheIdeMetadata(BasetenComponentAutoConfiguration.SCHEME);
    }

    @Test
    void soAreTheToolComponentsFromTheSharedModule() throws Exception {
        everyCatalogOptionIsInTheIdeMetadata(LlmToolAutoConfiguration.SCHEME);
    }

    private void everyCatalogOptionIsInTheIdeMetadata(String scheme) throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        JsonObject catalog = ConfigurationMetadataGenerator.catalog(loader, scheme);
        Map<String, JsonObject> metadata = metadata(loader, scheme);

        JsonObject options = (JsonObject) catalog.get("componentProperties");
        for (Map.Entry<String, Object> option : options.entrySet()) {
            String property = ConfigurationMetadataGenerator.propertyName(scheme, option.getKey());
            JsonObject entry = metadata.get(property);
            assertNotNull(entry, "the option " + option.getKey() + " has no " + property + " in the IDE metadata");
            String description = ((JsonObject) option.getValue()).getString("description");
            assertEquals(true, entry.getString("description").startsWith(description),
                    property + " says " + entry.getString("description"));
        }
        assertEquals(options.size() + 2, metadata.size(), "options plus enabled and customizer.enabled");
    }

    private static Map<String, JsonObject> metadata(ClassLoader loader, String scheme) throws Exception {
        Map<String, JsonObject> byName = new HashMap<>();
        for (URL url : Collections.list(loader.getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonObject json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (Object p : (JsonArray) json.get("properties")) {
                    JsonObject property = (JsonObject) p;
                    if (property.getString("name").startsWith("camel.component." + scheme + ".")) {
                        byName.put(property.getString("name"), property);
                    }
                }
            }
        }
        return byName;
    }
}
