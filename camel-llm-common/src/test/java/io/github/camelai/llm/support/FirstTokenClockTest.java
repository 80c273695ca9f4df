package io.github.camelai.llm.support;

import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstTokenClockTest {

    private static final LlmHeaders H = new LlmHeaders("CamelTest");

    @Test
    void noTextNoHeader() {
        Message out = new DefaultExchange(new DefaultCamelContext()).getMessage();
        FirstTokenClock clock = new FirstTokenClock();
        clock.setHeader(out, H);
        assertEquals(-1, clock.millis());
        assertNull(out.getHeader("CamelTestTimeToFirstToken"));
    }

    @Test
    void onlyTheFirstTextCounts() {
        Message out = new DefaultExchange(new DefaultCamelContext()).getMessage();
        FirstTokenClock clock = new FirstTokenClock();
        clock.textArrived();
        long first = clock.millis();
        clock.textArrived();
        clock.setHeader(out, H);
        assertTrue(first >= 0);
        assertEquals(first, out.getHeader("CamelTestTimeToFirstToken"));
    }
}
