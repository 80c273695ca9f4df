package io.github.camelai.llm.error;

/**
 * Base of every exception the LLM components throw for trouble with the remote service or the transport:
 * HTTP error answers ({@link LlmApiException}), timeouts ({@link LlmTimeoutException}) and streams that broke
 * after they started ({@link LlmStreamException}).
 */
public class LlmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LlmException(String message) {
        super(message);
    }

    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }

    private int attempts = 1;
    private int connectionFailures;
    private long elapsedMillis;

    /**
     * Records that this is the last failure of a call that was sent {@code attempts} times over
     * {@code elapsedMillis}; the message then says so.
     *
     * @return this exception
     */
    public LlmException withAttempts(int attempts, long elapsedMillis) {
        return withAttempts(attempts, 0, elapsedMillis);
    }

    /**
     * As {@link #withAttempts(int, long)}, saying also how many of the attempts were connection failures: attempts
     * that never reached the service (see {@link #getConnectionFailures()}).
     *
     * @return this exception
     */
    public LlmException withAttempts(int attempts, int connectionFailures, long elapsedMillis) {
        this.attempts = attempts;
        this.connectionFailures = connectionFailures;
        this.elapsedMillis = elapsedMillis;
        return this;
    }

    /**
     * How many of the {@link #getAttempts() attempts} failed before the service could process them: the connection
     * could not be opened, its TLS handshake failed, or a pooled connection turned out closed before any answer.
     * They cost the service nothing. 0 when the call was not retried.
     */
    public int getConnectionFailures() {
        return connectionFailures;
    }

    /** How many times the call was sent before it failed with this exception (1 when it was not retried). */
    public int getAttempts() {
        return attempts;
    }

    /** For a retried call, the time from its first attempt to this failure, in milliseconds; else 0. */
    public long getElapsedMillis() {
        return elapsedMillis;
    }

    @Override
    public String getMessage() {
        String message = super.getMessage();
        if (attempts <= 1) {
            return message;
        }
        return message + " (after " + attempts + " attempts over " + elapsedMillis + " ms"
               + (connectionFailures > 0 ? ", " + connectionFailures + " of them connection failures the service never"
                                           + " processed)" : ")");
    }
}
