package io.github.camelai.llm.support;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.camelai.llm.testing.QuietConstruction;
import io.github.camelai.llm.tool.LlmToolComponent;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Camel Quarkus builds components at static init: nothing may start before the component does. */
class QuietConstructionTest {

    @Test
    void theToolComponentAndTheSharedBaseStartNothingBeforeTheyStart() throws Exception {
        QuietConstruction.assertQuiet(LlmToolComponent::new);
        QuietConstruction.assertQuiet(Plain::new);
    }

    @Test
    void aComponentThatMakesAPoolInItsConstructorIsCaught() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> QuietConstruction.assertQuiet(Eager::new));
        assertTrue(e.getMessage().contains("Eager.pool"), e.getMessage());
    }

    @Test
    void aComponentThatStartsAThreadInItsConstructorIsCaught() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> QuietConstruction.assertQuiet(Starting::new));
        assertTrue(e.getMessage().contains("started threads"), e.getMessage());
    }

    static class Plain extends LlmComponentSupport {
        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Eager extends Plain {
        final ExecutorService pool = Executors.newSingleThreadExecutor();
    }

    static final class Starting extends Plain {
        Starting() {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ignored) {
                    // ends early
                }
            }, "started-in-constructor");
            t.setDaemon(true);
            t.start();
        }
    }
}
