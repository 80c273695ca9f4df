package io.github.camelai.llm.error;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmExceptionsTest {

    @ParameterizedTest
    @ValueSource(ints = { 400, 402, 404, 405, 408, 409, 413, 415, 422, 499 })
    void badRequestStatuses(int status) {
        LlmApiException e = ErrorParser.of("Baseten", status, null, "m", null);
        assertSame(LlmBadRequestException.class, e.getClass());
        assertEquals(status, e.getStatusCode());
        assertFalse(e.isRetryable());
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void authenticationStatuses(int status) {
        LlmApiException e = ErrorParser.of("Databricks", status, null, "nope", null);
        assertSame(LlmAuthenticationException.class, e.getClass());
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().endsWith("; " + LlmAuthenticationException.HINT), e.getMessage());
    }

    @Test
    void rateLimitStatus() {
        LlmApiException e = ErrorParser.of("Databricks", 429, "REQUEST_LIMIT_EXCEEDED", "Too many requests", "abc");
        assertSame(LlmRateLimitException.class, e.getClass());
        assertTrue(e.isRetryable());
        assertEquals("Databricks returned HTTP 429 REQUEST_LIMIT_EXCEEDED: Too many requests (request id abc)",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 501, 502, 503, 504, 505, 529, 599 })
    void serverStatuses(int status) {
        LlmApiException e = ErrorParser.of("Baseten", status, null, null, null);
        assertSame(LlmServerException.class, e.getClass());
        assertEquals(status == 502 || status == 503 || status == 504, e.isRetryable());
        assertEquals("Baseten returned HTTP " + status, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 302, 600, 0, -1 })
    void otherStatusesUseTheBaseClass(int status) {
        LlmApiException e = ErrorParser.of("Baseten", status, null, "odd", null);
        assertSame(LlmApiException.class, e.getClass());
        assertFalse(e.isRetryable());
    }

    @Test
    void hierarchy() {
        LlmApiException e = ErrorParser.of("Baseten", 503, null, null, null);
        assertInstanceOf(LlmException.class, e);
        assertInstanceOf(RuntimeException.class, e);
        assertInstanceOf(LlmException.class, new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT, "t"));
        assertInstanceOf(LlmException.class, new LlmStreamException("r", 1, 1));
    }

    @Test
    void messageParts() {
        assertEquals("Baseten returned HTTP 400 bad_param", ErrorParser.of("Baseten", 400, "bad_param", " ", null)
                .getMessage());
        assertEquals("Baseten returned HTTP 400 (request id r)", ErrorParser.of("Baseten", 400, null, null, "r")
                .getMessage());
        LlmApiException blank = ErrorParser.of("Baseten", 400, "  ", "", "  ");
        assertNull(blank.getErrorCode());
        assertNull(blank.getServiceMessage());
        assertNull(blank.getRequestId());
    }

    @Test
    void baseExceptionConstructors() {
        IOException cause = new IOException("io");
        LlmException e = new LlmException("m", cause);
        assertEquals("m", e.getMessage());
        assertSame(cause, e.getCause());
        assertNull(new LlmException("x").getCause());
    }

    @Test
    void timeoutKinds() {
        IOException cause = new IOException("read timed out");
        LlmTimeoutException e = new LlmTimeoutException(LlmTimeoutException.Kind.STREAM_IDLE, "idle 30s", cause);
        assertEquals(LlmTimeoutException.Kind.STREAM_IDLE, e.getKind());
        assertEquals("idle 30s", e.getMessage());
        assertSame(cause, e.getCause());
        assertEquals(LlmTimeoutException.Kind.CONNECT,
                new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT, "c").getKind());
        assertThrows(NullPointerException.class, () -> new LlmTimeoutException(null, "x"));
    }

    @Test
    void streamExceptionSaysHowMuchArrived() {
        LlmStreamException e = new LlmStreamException("Connection reset", 1234, 17);
        assertEquals(1234, e.getBytesReceived());
        assertEquals(17, e.getEventsReceived());
        assertEquals("Stream broke after receiving 1234 bytes and 17 events: Connection reset", e.getMessage());

        LlmStreamException one = new LlmStreamException(null, 1, 1, new IOException("Premature EOF"));
        assertEquals("Stream broke after receiving 1 byte and 1 event: Premature EOF", one.getMessage());
        assertInstanceOf(IOException.class, one.getCause());

        LlmStreamException noText = new LlmStreamException(null, 0, 0, new IOException());
        assertEquals("Stream broke after receiving 0 bytes and 0 events: IOException", noText.getMessage());

        assertEquals("Stream broke after receiving 5 bytes and 0 events",
                new LlmStreamException(null, 5, 0).getMessage());
    }
}
