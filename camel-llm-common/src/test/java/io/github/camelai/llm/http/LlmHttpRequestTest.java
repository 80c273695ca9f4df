package io.github.camelai.llm.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmHttpRequestTest {

    private static final byte[] JSON = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void withHeadersAddsAllInOrderAndReplacesSameName() {
        LlmHttpRequest base = LlmHttpRequest.postJson("http://localhost/v1/chat/completions", JSON);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("X-Trace", "a");
        extra.put("Content-Type", "application/json; charset=utf-8");
        LlmHttpRequest r = base.withHeaders(extra);

        assertEquals(List.of("Content-Type", "X-Trace"), List.copyOf(r.headers().keySet()));
        assertEquals("application/json; charset=utf-8", r.headers().get("Content-Type"));
        assertEquals("a", r.headers().get("X-Trace"));
        assertArrayEquals(JSON, r.body());
        // the original is unchanged
        assertEquals(Map.of("Content-Type", "application/json"), base.headers());
    }

    @Test
    void withHeadersRefusesAValueWithALineBreakNamingTheHeaderNotTheValue() {
        LlmHttpRequest base = LlmHttpRequest.postJson("http://localhost/v1/chat/completions", JSON);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base.withHeaders(Map.of("X-Secret", "sk-123\r\nX-Injected: 1")));
        assertTrue(e.getMessage().contains("X-Secret"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-123"), e.getMessage());
    }

    @Test
    void aNullHeaderValueNamesTheHeader() {
        LlmHttpRequest base = LlmHttpRequest.postJson("http://localhost/v1/chat/completions", JSON);
        NullPointerException e = assertThrows(NullPointerException.class, () -> base.withHeader("X-Trace", null));
        assertEquals("value of header X-Trace", e.getMessage());
    }

    @Test
    void headersCannotBeChangedFromOutside() {
        LlmHttpRequest r = LlmHttpRequest.postJson("http://localhost/x", JSON).withHeader("Authorization", "Bearer k");
        assertThrows(UnsupportedOperationException.class, () -> r.headers().put("X", "y"));
    }
}
