package io.github.camelai.llm.error;

/**
 * The service failed (5xx). Only 502, 503 and 504 are considered retryable: a 500 usually repeats.
 */
public class LlmServerException extends LlmApiException {

    private static final long serialVersionUID = 1L;

    public LlmServerException(String provider, int statusCode, String errorCode, String serviceMessage,
                              String requestId) {
        super(provider, statusCode, errorCode, serviceMessage, requestId);
    }
}
