package com.example;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import io.github.camelai.component.baseten.BasetenComponent;
import io.github.camelai.component.databricks.DatabricksAiComponent;
import io.github.camelai.llm.tool.LlmToolComponent;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel Quarkus reads component service files only from indexed jars: without {@code META-INF/jandex.idx}
 * (written by the project's build, camel-package-maven-plugin's {@code jandex} goal) an application fails at start
 * with "cannot find component". Each component's jar (its classes directory in a reactor build before packaging)
 * must carry an index that knows the component class.
 */
class ComponentJarsIndexTest {

    @ParameterizedTest
    @ValueSource(classes = { BasetenComponent.class, DatabricksAiComponent.class, LlmToolComponent.class })
    void theComponentsJarCarriesAJandexIndexThatKnowsIt(Class<?> component) throws Exception {
        Index index = indexOf(component);
        assertNotNull(index.getClassByName(DotName.createSimple(component.getName())),
                "the Jandex index of " + component.getProtectionDomain().getCodeSource().getLocation()
                                                                                               + " lacks " + component.getName());
    }

    static Index indexOf(Class<?> type) throws Exception {
        Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            Path idx = location.resolve("META-INF/jandex.idx");
            assertTrue(Files.isRegularFile(idx), location + " has no META-INF/jandex.idx: Camel Quarkus will not find "
                                                 + type.getSimpleName());
            try (InputStream in = Files.newInputStream(idx)) {
                return new IndexReader(in).read();
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            ZipEntry entry = jar.getEntry("META-INF/jandex.idx");
            assertNotNull(entry, location + " has no META-INF/jandex.idx: Camel Quarkus will not find " + type.getSimpleName());
            try (InputStream in = jar.getInputStream(entry)) {
                return new IndexReader(in).read();
            }
        }
    }
}
