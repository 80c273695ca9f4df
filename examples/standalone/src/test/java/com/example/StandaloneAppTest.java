package com.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.camelai.examples.LocalLlmEmulator;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs this application as {@code mvn camel:run} does (Camel Main with {@code application.properties} and
 * {@code routes/ask.yaml} from the classpath), with the workspace pointed at the local emulator: the one override a
 * user would make with {@code DATABRICKS_HOST} and {@code DATABRICKS_TOKEN}.
 */
class StandaloneAppTest {

    LocalLlmEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = new LocalLlmEmulator().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theApplicationAsksAndPrintsTheAnswerPieceByPiece() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Main main = new Main();
        main.addOverrideProperty("camel.component.databricks-ai.host", emulator.url());
        main.addOverrideProperty("camel.component.databricks-ai.token", "dapi-emulator-token");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                support.getCamelContext().getCamelContextExtension().addLogListener((exchange, logger, message) -> {
                    if ("answer".equals(logger.getLog().getName())) {
                        logged.add(message);
                    }
                    return message;
                });
            }
        });

        // returns once the first exchange has completed (camel.main.durationMaxMessages = 1)
        main.run();

        assertEquals(LocalLlmEmulator.answerFor("What is Apache Camel?"), String.join("", logged).trim());
        assertTrue(logged.size() > 2, "the answer arrives in pieces: " + logged);
        String sent = emulator.requests().get(0).body();
        assertTrue(sent.contains("\"stream\":true"), sent);
        assertTrue(sent.contains("Answer in one sentence."), sent);
        assertEquals("/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations",
                emulator.requests().get(0).path());
    }

    @Test
    void theReadmeShowsTheseFiles() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../../README.md"));
        for (String file : new String[] { "src/main/resources/routes/ask.yaml", "src/main/resources/application.properties" }) {
            assertTrue(readme.contains(java.nio.file.Files.readString(java.nio.file.Path.of(file))),
                    "README.md must show " + file + " as it is");
        }
        assertTrue(readme.contains("mvn compile camel:run"), "the run command");
    }

    @Test
    void theApplicationNeedsNoBeanLanguage() {
        // convertBodyTo: java.lang.String on a chunk works through the component's type converter, not ${body.text()}
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.camel.language.bean.BeanLanguage"));
    }
}
