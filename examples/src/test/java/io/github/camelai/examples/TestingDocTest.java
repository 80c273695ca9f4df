package io.github.camelai.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/testing.md shows the route and the test that this build runs, as they are. */
class TestingDocTest {

    @Test
    void theTestingPageShowsTheRouteAndTheTestAsTheyAre() throws Exception {
        String doc = Files.readString(Path.of("../docs/testing.md"));
        String route = Files.readString(Path.of("src/test/resources/testing/summarize.yaml"));
        String test = Files.readString(Path.of("src/test/java/io/github/camelai/examples/SummarizeRouteTest.java"));
        assertTrue(doc.contains(route), "docs/testing.md must show summarize.yaml as it is");
        String body = test.substring(test.indexOf("import com.fasterxml"));
        assertTrue(doc.contains(body), "docs/testing.md must show SummarizeRouteTest as it is (from its imports on)");
    }
}
