package io.github.camelai.llm.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.error.LlmTimeoutException;

/**
 * When and how long to wait before sending a failed request again. Immutable and thread-safe.
 * <p>
 * Retried: HTTP 429, 502, 503 and 504, and connection failures: refused, no route to host, connect timeouts, a TLS
 * handshake that fails or times out (except a timeout against a local host, and a certificate the client refuses),
 * and a pooled connection found closed before any answer (see {@link #isConnectionFailure}). Read
 * timeouts ({@link LlmTimeoutException.Kind#REQUEST}, {@link LlmTimeoutException.Kind#STREAM_IDLE}) only when
 * {@code retryOnReadTimeout} is set: the request may have reached the model, so a retry can double the cost.
 * <p>
 * The wait is the {@code Retry-After} header when present and readable (delta-seconds or an HTTP date), else
 * exponential backoff {@code initialDelay * 2^(n-1)} with "equal jitter" (half fixed, half random); both capped at
 * {@code maxDelay}.
 */
public final class RetryPolicy {

    private static final int MAX_CAUSE_DEPTH = 64;

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final boolean retryOnReadTimeout;
    private final DoubleSupplier jitter;
    private final Clock clock;

    /**
     * @param maxRetries         how many times a request may be sent again after the first attempt (0: never)
     * @param initialDelay       the backoff before the first retry; must be positive
     * @param maxDelay           the longest wait, for backoff and {@code Retry-After}; at least {@code initialDelay}
     * @param retryOnReadTimeout whether a request that timed out after it was sent may be sent again
     */
    public RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, boolean retryOnReadTimeout) {
        this(maxRetries, initialDelay, maxDelay, retryOnReadTimeout,
                () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
    }

    /**
     * Visible for tests: a fixed jitter source and clock make delays predictable.
     *
     * @param jitter values in [0, 1]; out-of-range values are clamped
     * @param clock  the time {@code Retry-After} dates are measured against
     */
    RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, boolean retryOnReadTimeout,
                DoubleSupplier jitter, Clock clock) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive: " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay (" + maxDelay + ") must not be shorter than initialDelay (" + initialDelay + ")");
        }
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.retryOnReadTimeout = retryOnReadTimeout;
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How many retries are allowed after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public boolean retryOnReadTimeout() {
        return retryOnReadTimeout;
    }

    /** Whether another retry is allowed after {@code retriesDone} retries. */
    public boolean canRetry(int retriesDone) {
        return retriesDone < maxRetries;
    }

    /** 429, 502, 503 and 504. */
    public boolean isRetryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Whether a failure is worth a retry. Walks the cause chain. A failure the transport marked as not processed
     * by the service decides first (see {@link #isConnectionFailure}); else the first failure of a known kind:
     * <ul>
     * <li>{@link LlmApiException}: its {@link LlmApiException#isRetryable()};</li>
     * <li>{@link LlmTimeoutException}: {@code CONNECT} yes, {@code REQUEST} and {@code STREAM_IDLE} only with
     * {@code retryOnReadTimeout};</li>
     * <li>{@link ConnectException} (also HttpClient's {@code HttpHostConnectException}),
     * {@link NoRouteToHostException}, HttpClient's {@code ConnectTimeoutException} and the JDK's
     * {@code HttpConnectTimeoutException}: yes (the request was never sent);</li>
     * <li>{@link UnknownHostException}: no (a wrong host name does not heal);</li>
     * <li>anything else, including a connection that closed after the request was written on a connection opened
     * for it, or once any answer had arrived (the service may have processed the request): no.</li>
     * </ul>
     */
    public boolean isRetryable(Throwable failure) {
        NotProcessed notProcessed = find(failure, NotProcessed.class);
        if (notProcessed != null) {
            return notProcessed.retry();
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = failure;
        int depth = 0;
        while (t != null && depth++ < MAX_CAUSE_DEPTH && seen.add(t)) {
            if (t instanceof LlmApiException) {
                return ((LlmApiException) t).isRetryable();
            }
            if (t instanceof LlmTimeoutException) {
                return ((LlmTimeoutException) t).getKind() == LlmTimeoutException.Kind.CONNECT || retryOnReadTimeout;
            }
            if (t instanceof UnknownHostException) {
                return false;
            }
            if (isConnectFailure(t)) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    /**
     * Whether a failed attempt never reached the service, so it cost the service nothing: the connection could not
     * be opened (refused, no route, connect timeout), its TLS handshake failed or timed out, or a connection taken
     * from the pool turned out closed before any byte of the answer arrived. Such attempts are retried like a 503,
     * within {@code maxRetries}, and counted apart in a failed call's attempt summary.
     */
    public static boolean isConnectionFailure(Throwable failure) {
        if (find(failure, NotProcessed.class) != null) {
            return true;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = failure;
        int depth = 0;
        while (t != null && depth++ < MAX_CAUSE_DEPTH && seen.add(t)) {
            if (t instanceof LlmApiException) {
                return false;
            }
            if (t instanceof LlmTimeoutException) {
                return ((LlmTimeoutException) t).getKind() == LlmTimeoutException.Kind.CONNECT;
            }
            if (isConnectFailure(t)) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable t) {
        return t instanceof ConnectException || t instanceof NoRouteToHostException
               || t instanceof org.apache.hc.client5.http.ConnectTimeoutException
               || t instanceof java.net.http.HttpConnectTimeoutException;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = failure;
        int depth = 0;
        while (t != null && depth++ < MAX_CAUSE_DEPTH && seen.add(t)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            t = t.getCause();
        }
        return null;
    }

    /**
     * How long to wait before retry number {@code retryNumber}.
     *
     * @param retryNumber      1 for the first retry
     * @param retryAfterHeader the {@code Retry-After} header value, may be {@code null}
     * @return the {@code Retry-After} wait when the header is readable (a date in the past gives zero), else the
     *         jittered backoff; never more than {@code maxDelay}
     */
    public Duration delayBeforeRetry(int retryNumber, String retryAfterHeader) {
        Duration retryAfter = parseRetryAfter(retryAfterHeader);
        if (retryAfter != null) {
            return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
        }
        return backoff(Math.max(1, retryNumber));
    }

    /** The Retry-After wait, or {@code null} when absent or unreadable. */
    private Duration parseRetryAfter(String header) {
        return RetryAfter.parse(header, clock);
    }

    /** initialDelay * 2^(n-1), capped at maxDelay, then equal jitter: ceil(d/2) + jitter * floor(d/2). */
    private Duration backoff(int retryNumber) {
        long cap = saturatedNanos(maxDelay);
        long d = saturatedNanos(initialDelay);
        for (int i = 1; i < retryNumber && d < cap; i++) {
            d = d > cap / 2 ? cap : d * 2;
        }
        d = Math.min(d, cap);
        double j = jitter.getAsDouble();
        if (!(j >= 0)) { // NaN or negative
            j = 0;
        } else if (j > 1) {
            j = 1;
        }
        long half = d / 2;
        // fixed part ceil(d/2) (>= 1 as d >= 1), random part up to floor(d/2); the sum never exceeds d
        long nanos = (d - half) + Math.min(half, (long) (j * half));
        return Duration.ofNanos(nanos);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries
                + ", initialDelay=" + format(initialDelay)
                + ", maxDelay=" + format(maxDelay)
                + ", retryOnReadTimeout=" + retryOnReadTimeout
                + ", retried statuses=429/502/503/504]";
    }

    private static String format(Duration d) {
        long nanos = saturatedNanos(d);
        if (nanos == Long.MAX_VALUE || nanos % 1_000_000L != 0 || nanos == 0) {
            return d.toString();
        }
        long millis = nanos / 1_000_000L;
        if (millis % 1000 == 0) {
            long s = millis / 1000;
            return s % 60 == 0 && s >= 60 ? (s / 60) + "min" : s + "s";
        }
        return millis + "ms";
    }
}
