package io.github.camelai.component.databricks.springboot;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.examples.LocalLlmEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The first YAML route and {@code application.properties} of docs/spring-boot.md, run as written on Spring Boot with
 * the starter; only the workspace is the local emulator's.
 */
class SpringBootDocTest {

    @Test
    void theRouteAndPropertiesOfTheDocsWork(@TempDir Path dir) throws Exception {
        String doc = Files.readString(Path.of("../docs/spring-boot.md"));
        Path route = Files.writeString(dir.resolve("ask.yaml"), firstBlock(doc, "yaml"));
        Properties properties = new Properties();
        properties.load(new StringReader(firstBlock(doc, "properties")));

        try (LocalLlmEmulator emulator = new LocalLlmEmulator().start()) {
            Map<String, Object> settings = new HashMap<>();
            properties.forEach((k, v) -> settings.put((String) k, v));
            settings.put("camel.component.databricks-ai.host", emulator.url());
            settings.put("MY_DATABRICKS_TOKEN", "dapi-from-the-environment");
            settings.put("MY_BASETEN_KEY", "unused");
            settings.put("camel.main.routes-include-pattern", "file:" + route);

            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StarterTestApplication.class)
                    .properties(settings).run()) {
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (emulator.requests().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(emulator.requests().isEmpty(), "the route of the docs sent nothing");
                LocalLlmEmulator.RecordedRequest request = emulator.requests().get(0);
                assertEquals("/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations", request.path());
                assertEquals("Bearer dapi-from-the-environment", request.headers().get("authorization"));
                JsonNode messages = request.json().get("messages");
                assertEquals("Answer in one sentence.", messages.get(0).get("content").asText());
                assertEquals("What is Apache Camel?", messages.get(1).get("content").asText());
            }
        }
    }

    private static String firstBlock(String doc, String language) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        if (!m.find()) {
            throw new AssertionError("no " + language + " block in docs/spring-boot.md");
        }
        return m.group(1);
    }
}
