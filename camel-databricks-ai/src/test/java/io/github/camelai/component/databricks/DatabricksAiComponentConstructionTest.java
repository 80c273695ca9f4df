package io.github.camelai.component.databricks;

import io.github.camelai.llm.testing.QuietConstruction;
import org.junit.jupiter.api.Test;

/**
 * Camel Quarkus creates components at static init: no HTTP client, pool or thread may exist before the component
 * starts (see docs/quarkus.md, native mode).
 */
class DatabricksAiComponentConstructionTest {

    @Test
    void creatingAndInitializingTheComponentStartsNothing() throws Exception {
        QuietConstruction.assertQuiet(DatabricksAiComponent::new);
    }
}
