package io.github.camelai.component.baseten.springboot;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import io.github.camelai.llm.springboot.metadata.ConfigurationMetadataGenerator;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The IDE metadata the starter's jar carries says what the component's catalog says, option by option. */
class StarterMetadataTest {

    @Test
    void everyCatalogOptionIsInTheIdeMetadataWithItsDescription() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        JsonObject catalog = ConfigurationMetadataGenerator.catalog(loader, BasetenComponentAutoConfiguration.SCHEME);
        Map<String, JsonObject> metadata = starterMetadata(loader);

        JsonObject options = (JsonObject) catalog.get("componentProperties");
        for (Map.Entry<String, Object> option : options.entrySet()) {
            String property = ConfigurationMetadataGenerator.propertyName(BasetenComponentAutoConfiguration.SCHEME,
                    option.getKey());
            JsonObject entry = metadata.get(property);
            assertNotNull(entry, "the option " + option.getKey() + " has no " + property + " in the IDE metadata");
            String description = ((JsonObject) option.getValue()).getString("description");
            assertEquals(true, entry.getString("description").startsWith(description),
                    property + " says " + entry.getString("description"));
        }
        assertEquals(options.size() + 2, metadata.size(), "options plus enabled and customizer.enabled");
    }

    private static Map<String, JsonObject> starterMetadata(ClassLoader loader) throws Exception {
        Map<String, JsonObject> byName = new HashMap<>();
        for (URL url : Collections.list(loader.getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonObject json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (Object p : (JsonArray) json.get("properties")) {
                    JsonObject property = (JsonObject) p;
                    if (property.getString("name").startsWith("camel.component.baseten.")) {
                        byName.put(property.getString("name"), property);
                    }
                }
            }
        }
        return byName;
    }
}
