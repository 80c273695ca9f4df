package io.github.camelai.llm.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelai.llm.error.ErrorParser;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.error.LlmTimeoutException;
import io.github.camelai.llm.error.LlmTimeoutException.Kind;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static RetryPolicy policy(double jitter) {
        return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30), false, () -> jitter, CLOCK);
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
    }

    // ---- statuses and attempts --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = { 429, 502, 503, 504 })
    void retryableStatuses(int status) {
        assertTrue(policy(0).isRetryableStatus(status));
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 400, 401, 403, 404, 408, 409, 413, 422, 500, 501, 505 })
    void notRetryableStatuses(int status) {
        assertFalse(policy(0).isRetryableStatus(status));
    }

    @Test
    void canRetryCountsRetries() {
        RetryPolicy p = policy(0);
        assertEquals(3, p.maxRetries());
        assertTrue(p.canRetry(0));
        assertTrue(p.canRetry(2));
        assertFalse(p.canRetry(3));
        assertFalse(p.canRetry(4));

        RetryPolicy none = new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), false);
        assertFalse(none.canRetry(0));
    }

    @Test
    void invalidArgumentsAreRejected() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, s, s, false));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ZERO, s, false));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s.negated(), s, false));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, s, Duration.ofMillis(999), false));
        assertThrows(NullPointerException.class, () -> new RetryPolicy(1, null, s, false));
        assertThrows(NullPointerException.class, () -> new RetryPolicy(1, s, null, false));
    }

    @Test
    void toStringIsReadable() {
        assertEquals("RetryPolicy[maxRetries=3, initialDelay=500ms, maxDelay=30s, retryOnReadTimeout=false, "
                     + "retried statuses=429/502/503/504]", policy(0).toString());
        assertTrue(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofMinutes(2), true).toString()
                .contains("initialDelay=1s, maxDelay=2min, retryOnReadTimeout=true"));
    }

    // ---- failure classification -------------------------------------------------------------------------------

    @Test
    void connectFailuresAreRetryable() {
        RetryPolicy p = policy(0);
        assertTrue(p.isRetryable(new ConnectException("Connection refused")));
        assertTrue(p.isRetryable(new NoRouteToHostException("No route")));
        assertTrue(p.isRetryable(new HttpHostConnectException("Connect to host failed")));
        assertTrue(p.isRetryable(new ConnectTimeoutException("Connect timed out")));
        assertTrue(p.isRetryable(new java.net.http.HttpConnectTimeoutException("connect timed out")));
        assertTrue(p.isRetryable(new LlmTimeoutException(Kind.CONNECT, "connect")));
    }

    @Test
    void otherFailuresAreNot() {
        RetryPolicy p = policy(0);
        assertFalse(p.isRetryable(new UnknownHostException("no.such.host")));
        assertFalse(p.isRetryable(new ConnectionClosedException("closed")));
        assertFalse(p.isRetryable(new IOException("Connection reset")));
        assertFalse(p.isRetryable(new SocketTimeoutException("Read timed out")));
        assertFalse(p.isRetryable(new InterruptedIOException()));
        assertFalse(p.isRetryable(new IllegalStateException("bug")));
        assertFalse(p.isRetryable(new LlmStreamException("reset", 10, 1)));
        assertFalse(p.isRetryable(null));
    }

    @Test
    void apiExceptionsFollowTheirFlag() {
        RetryPolicy p = policy(0);
        assertTrue(p.isRetryable(ErrorParser.of("Databricks", 429, "REQUEST_LIMIT_EXCEEDED", "x", null)));
        assertTrue(p.isRetryable(ErrorParser.of("Baseten", 502, null, null, null)));
        assertTrue(p.isRetryable(ErrorParser.of("Baseten", 503, null, null, null)));
        assertTrue(p.isRetryable(ErrorParser.of("Baseten", 504, null, null, null)));
        assertFalse(p.isRetryable(ErrorParser.of("Baseten", 500, null, null, null)));
        assertFalse(p.isRetryable(ErrorParser.of("Baseten", 400, null, null, null)));
        assertFalse(p.isRetryable(ErrorParser.of("Databricks", 403, null, null, null)));
    }

    @Test
    void readTimeoutsNeedTheOptIn() {
        RetryPolicy strict = policy(0);
        RetryPolicy lenient = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30), true, () -> 0, CLOCK);
        for (Kind kind : new Kind[] { Kind.REQUEST, Kind.STREAM_IDLE }) {
            LlmTimeoutException t = new LlmTimeoutException(kind, "timed out");
            assertFalse(strict.isRetryable(t), kind.name());
            assertTrue(lenient.isRetryable(t), kind.name());
        }
        assertTrue(lenient.isRetryable(new LlmTimeoutException(Kind.CONNECT, "c")));
        // the opt-in does not make other failures retryable
        assertFalse(lenient.isRetryable(new SocketTimeoutException("Read timed out")));
        assertFalse(lenient.isRetryable(ErrorParser.of("Baseten", 500, null, null, null)));
    }

    @Test
    void causeChainsAreWalked() {
        RetryPolicy p = policy(0);
        assertTrue(p.isRetryable(new CompletionException(new ExecutionException(new ConnectException("refused")))));
        assertTrue(p.isRetryable(new RuntimeException("wrapped",
                ErrorParser.of("Databricks", 429, null, null, null))));
        assertTrue(p.isRetryable(new IOException("outer", new NoRouteToHostException("x"))));
        assertFalse(p.isRetryable(new CompletionException(new UnknownHostException("x"))));
        assertFalse(p.isRetryable(new RuntimeException(new LlmTimeoutException(Kind.REQUEST, "read"))));
        assertTrue(p.isRetryable(new RuntimeException(new LlmTimeoutException(Kind.CONNECT, "connect",
                new SocketTimeoutException("connect timed out")))));
    }

    @Test
    void firstKnownFailureInTheChainDecides() {
        RetryPolicy p = policy(0);
        // a non-retryable API error wrapping a connect failure: the API error decides
        Exception apiThenConnect = new RuntimeException(ErrorParser.of("Baseten", 400, null, null, null));
        apiThenConnect.getCause().initCause(new ConnectException("refused"));
        assertFalse(p.isRetryable(apiThenConnect));
        // a read timeout whose cause mentions a connect failure is still a read timeout
        assertFalse(p.isRetryable(new LlmTimeoutException(Kind.REQUEST, "read", new ConnectException("x"))));
    }

    @Test
    void causeCyclesTerminate() {
        RetryPolicy p = policy(0);
        AtomicReference<Throwable> other = new AtomicReference<>();
        Exception a = new Exception("a") {
            @Override
            public synchronized Throwable getCause() {
                return other.get();
            }
        };
        Exception b = new Exception("b", a);
        other.set(b);
        assertFalse(p.isRetryable(a));
    }

    // ---- Retry-After ------------------------------------------------------------------------------------------

    @Test
    void retryAfterSeconds() {
        RetryPolicy p = policy(0.5);
        assertEquals(Duration.ofSeconds(7), p.delayBeforeRetry(1, "7"));
        assertEquals(Duration.ofSeconds(7), p.delayBeforeRetry(3, " 7 "));
        assertEquals(Duration.ZERO, p.delayBeforeRetry(1, "0"));
    }

    @Test
    void retryAfterSecondsIsCapped() {
        RetryPolicy p = policy(0.5);
        assertEquals(Duration.ofSeconds(30), p.delayBeforeRetry(1, "120"));
        assertEquals(Duration.ofSeconds(30), p.delayBeforeRetry(1, "99999999999999999999999"));
    }

    @Test
    void retryAfterHttpDate() {
        RetryPolicy p = policy(0.5);
        assertEquals(Duration.ofSeconds(12), p.delayBeforeRetry(1, httpDate(NOW.plusSeconds(12))));
        assertEquals(Duration.ofSeconds(5), p.delayBeforeRetry(1, "Sun, 01 Jun 2025 12:00:05 GMT"));
    }

    @Test
    void retryAfterHttpDateIsCapped() {
        assertEquals(Duration.ofSeconds(30), policy(0.5).delayBeforeRetry(1, httpDate(NOW.plusSeconds(3600))));
    }

    @Test
    void retryAfterPastDateIsZero() {
        RetryPolicy p = policy(0.5);
        assertEquals(Duration.ZERO, p.delayBeforeRetry(1, httpDate(NOW.minusSeconds(30))));
        assertEquals(Duration.ZERO, p.delayBeforeRetry(2, "Thu, 01 Jan 1970 00:00:00 GMT"));
    }

    @Test
    void retryAfterDateInAnotherZone() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(NOW.plusSeconds(3), ZoneOffset.ofHours(2)));
        assertEquals(Duration.ofSeconds(3), policy(0.5).delayBeforeRetry(1, date));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  ", "soon", "-5", "1.5", "5s", "0x10", "Sun, 32 Jun 2025 12:00:05 GMT",
            "2025-06-01T12:00:05Z", "Sunday, 01-Jun-25 12:00:05 GMT" })
    void garbageRetryAfterFallsBackToBackoff(String header) {
        RetryPolicy p = policy(0);
        assertEquals(p.delayBeforeRetry(1, null), p.delayBeforeRetry(1, header));
        assertEquals(Duration.ofMillis(250), p.delayBeforeRetry(1, header));
    }

    // ---- backoff ----------------------------------------------------------------------------------------------

    @Test
    void backoffGrowsAndIsCapped() {
        RetryPolicy high = policy(1.0); // jitter at its top: the full exponential value
        assertEquals(Duration.ofMillis(500), high.delayBeforeRetry(1, null));
        assertEquals(Duration.ofMillis(1000), high.delayBeforeRetry(2, null));
        assertEquals(Duration.ofMillis(2000), high.delayBeforeRetry(3, null));
        assertEquals(Duration.ofMillis(4000), high.delayBeforeRetry(4, null));
        assertEquals(Duration.ofMillis(16000), high.delayBeforeRetry(6, null));
        assertEquals(Duration.ofSeconds(30), high.delayBeforeRetry(7, null));
        assertEquals(Duration.ofSeconds(30), high.delayBeforeRetry(1000, null));
        assertEquals(Duration.ofSeconds(30), high.delayBeforeRetry(Integer.MAX_VALUE, null));
    }

    @Test
    void equalJitterBounds() {
        RetryPolicy low = policy(0.0);
        RetryPolicy mid = policy(0.5);
        assertEquals(Duration.ofMillis(250), low.delayBeforeRetry(1, null));
        assertEquals(Duration.ofMillis(375), mid.delayBeforeRetry(1, null));
        assertEquals(Duration.ofMillis(1000), low.delayBeforeRetry(3, null));
        assertEquals(Duration.ofMillis(1500), mid.delayBeforeRetry(3, null));
        assertEquals(Duration.ofSeconds(15), low.delayBeforeRetry(20, null));
        assertEquals(Duration.ofMillis(22500), mid.delayBeforeRetry(20, null));
    }

    @Test
    void jitterOutOfRangeIsClamped() {
        assertEquals(Duration.ofMillis(500), policy(7.0).delayBeforeRetry(1, null));
        assertEquals(Duration.ofMillis(250), policy(-3.0).delayBeforeRetry(1, null));
        assertEquals(Duration.ofMillis(250), policy(Double.NaN).delayBeforeRetry(1, null));
    }

    @Test
    void retryNumberBelowOneCountsAsFirst() {
        RetryPolicy p = policy(1.0);
        assertEquals(Duration.ofMillis(500), p.delayBeforeRetry(0, null));
        assertEquals(Duration.ofMillis(500), p.delayBeforeRetry(-4, null));
    }

    @Test
    void backoffIsNeverZero() {
        RetryPolicy tiny = new RetryPolicy(5, Duration.ofNanos(1), Duration.ofNanos(1), false, () -> 0, CLOCK);
        assertEquals(Duration.ofNanos(1), tiny.delayBeforeRetry(1, null));
        assertEquals(Duration.ofNanos(1), tiny.delayBeforeRetry(9, null));
    }

    @Test
    void hugeMaxDelayDoesNotOverflow() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE), false,
                () -> 1.0, CLOCK);
        assertEquals(Duration.ofSeconds(4), p.delayBeforeRetry(3, null));
        Duration far = p.delayBeforeRetry(500, null);
        assertTrue(far.compareTo(Duration.ofDays(365 * 200)) > 0, far.toString());
        assertTrue(p.toString().contains("maxDelay=PT"), p.toString());
    }

    @Test
    void randomJitterStaysWithinBounds() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), false);
        for (int retry = 1; retry <= 8; retry++) {
            long full = Math.min(100L << (retry - 1), 2000L);
            for (int i = 0; i < 200; i++) {
                Duration d = p.delayBeforeRetry(retry, null);
                assertTrue(d.toMillis() >= full / 2 && d.compareTo(Duration.ofMillis(full)) <= 0,
                        "retry " + retry + ": " + d);
            }
        }
    }
}
