package io.github.camelai.llm.support;

import com.fasterxml.jackson.core.Version;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JacksonVersionsTest {

    private static Version v(int major, int minor, int patch) {
        return new Version(major, minor, patch, null, null, null);
    }

    @Test
    void theBuildsJacksonPasses() {
        assertDoesNotThrow(() -> JacksonVersions.check());
        assertDoesNotThrow(() -> JacksonVersions.check(v(2, 20, 0), v(2, 19, 4)));
    }

    @Test
    void anOlderCoreNamesTheBomToImport() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JacksonVersions.check(v(2, 16, 1), v(2, 19, 4)));
        assertEquals("jackson-core 2.16.1 is on the classpath with jackson-databind 2.19.4, which needs jackson-core 2.19 "
                     + "or later (another dependency brought the older one; see mvn dependency:tree "
                     + "-Dincludes=com.fasterxml.jackson.core): import com.fasterxml.jackson:jackson-bom:2.19.4 (type pom, "
                     + "scope import) in your dependencyManagement, before the other BOMs", e.getMessage());
    }
}
