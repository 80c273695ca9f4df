package io.github.camelai.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator's documented command runs this module's main class: {@code exec:java} takes it from the pom's
 * {@code exec.mainClass}, and the module depends on nothing of this project, so it works from a fresh clone.
 */
class EmulatorCommandTest {

    static final String COMMAND = "mvn -B -q -f examples/emulator compile exec:java";

    @Test
    void theDocsShowTheCommandThePomRuns() throws Exception {
        assertTrue(Files.readString(Path.of("../../README.md")).contains(COMMAND), "README.md");
        assertTrue(Files.readString(Path.of("../../docs/examples.md")).contains(COMMAND), "docs/examples.md");
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<exec.mainClass>" + LocalLlmEmulator.class.getName() + "</exec.mainClass>"), pom);
        assertTrue(!pom.contains("<groupId>io.github.camelai</groupId>\n      <artifactId>"),
                "the emulator must not depend on a module of this project");
    }
}
