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
}
