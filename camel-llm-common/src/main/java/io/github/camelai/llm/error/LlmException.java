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
    private long elapsedMillis;

    /**
     * Records that this is the last failure of a call that was sent {@code attempts} times over
     * {@code elapsedMillis}; the message then says so.
     *
     * @return this exception
     */
    public LlmException withAttempts(int attempts, long elapsedMillis) {
        this.attempts = attempts;
        this.elapsedMillis = elapsedMillis;
        return this;
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
        return attempts > 1 ? message + " (after " + attempts + " attempts over " + elapsedMillis + " ms)" : message;
    }
}
