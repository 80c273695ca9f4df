package com.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.examples.LocalLlmEmulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs this application as {@code mvn spring-boot:run} does (its main class, {@code application.properties} and
 * {@code camel/ask.yaml} from the classpath), with the workspace pointed at the local emulator through the two
 * settings a user gives it, {@code DATABRICKS_HOST} and {@code DATABRICKS_TOKEN}, here as command-line arguments.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApplicationTest {

    @Test
    void theApplicationAsksTheQuestionLogsTheAnswerAndStops(CapturedOutput output) throws Exception {
        try (LocalLlmEmulator emulator = new LocalLlmEmulator().start();
             ConfigurableApplicationContext app = SpringApplication.run(Application.class,
                     "--DATABRICKS_HOST=" + emulator.url(), "--DATABRICKS_TOKEN=dapi-emulator-token")) {
            CamelContext camel = app.getBean(CamelContext.class);
            // camel.main.duration-max-messages = 1: Camel stops by itself once the answer is logged
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!camel.isStopped() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(camel.isStopped(), "the application did not stop after the first answer");

            Pattern answerLine = Pattern.compile(" answer +: " + Pattern.quote(LocalLlmEmulator.answerFor("What is Apache Camel?"))
                    + " \\([1-9][0-9]* tokens\\)");
            assertTrue(answerLine.matcher(output.getOut()).find(), "the answer is logged with its token count:\n" + output.getOut());

            assertEquals(1, emulator.requests().size());
            LocalLlmEmulator.RecordedRequest request = emulator.requests().get(0);
            assertEquals("/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations", request.path());
            assertEquals("Bearer dapi-emulator-token", request.headers().get("authorization"));
            JsonNode messages = request.json().get("messages");
            assertEquals("system", messages.get(0).get("role").asText());
            assertEquals("Answer in one sentence.", messages.get(0).get("content").asText());
            assertEquals("What is Apache Camel?", messages.get(1).get("content").asText());
            assertFalse(output.getOut().contains("dapi-emulator-token"), "the token is never logged");
        }
    }

    @Test
    void withoutTheWorkspaceTheApplicationStopsAtStartUpNamingIt() {
        assumeTrue(System.getenv("DATABRICKS_HOST") == null, "DATABRICKS_HOST is set in this environment");
        Exception e = assertThrows(Exception.class,
                () -> SpringApplication.run(Application.class, "--DATABRICKS_TOKEN=dapi-emulator-token").close());
        String messages = messages(e);
        assertTrue(messages.contains("camel.component.databricks-ai.host (") && messages.contains("uses ${DATABRICKS_HOST}"),
                messages);
        assertFalse(messages.contains("dapi-emulator-token"), messages);
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void theReadmeShowsTheseFiles() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        for (String file : new String[] { "src/main/resources/camel/ask.yaml", "src/main/resources/application.properties",
                "src/main/java/com/example/Application.java" }) {
            assertTrue(readme.contains(Files.readString(Path.of(file))), "README.md must show " + file + " as it is");
        }
        assertTrue(readme.contains("mvn spring-boot:run"), "the run command");
    }
}
