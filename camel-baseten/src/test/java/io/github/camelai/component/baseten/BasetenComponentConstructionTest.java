package io.github.camelai.component.baseten;

import io.github.camelai.llm.testing.QuietConstruction;
import org.junit.jupiter.api.Test;

/**
 * Camel Quarkus creates components at static init: no HTTP client, pool or thread may exist before the component
 * starts (see docs/quarkus.md, native mode).
 */
class BasetenComponentConstructionTest {

    @Test
    void creatingAndInitializingTheComponentStartsNothing() throws Exception {
        QuietConstruction.assertQuiet(BasetenComponent::new);
    }
}
