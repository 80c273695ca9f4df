package io.github.camelai.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short soak: every fault class through both components, streamed and not, in Camel routes with a dead-letter
 * channel. {@code benchmarks/run.sh --soak} runs the long one (10,000+ exchanges); see docs/reliability.md.
 */
class SoakTest {

    @Test
    void everyExchangeEndsOnceInTheRightPlaceWithTheRightAttemptsAndNothingIsLeft() throws Exception {
        Soak.Result result = Soak.run(600, 24);
        System.out.println(result.markdown());
        assertEquals(java.util.List.of(), result.violations(), result.markdown());
        assertEquals(0, result.inflightAtEnd());
        assertEquals(0, result.connectionsLeft());
        assertTrue(result.threadsWhileRunning() >= 4, "the thread check sees the components' threads: "
                                                       + result.threadsWhileRunning());
        assertTrue(result.threadsLeft().isEmpty(), result.threadsLeft().toString());
        // every lane and fault class ran
        result.rows().values().forEach(r -> assertTrue(r.exchanges.get() > 0, r.markdown()));
    }
}
