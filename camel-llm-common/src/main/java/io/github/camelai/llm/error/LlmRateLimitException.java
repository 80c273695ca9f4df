package io.github.camelai.llm.error;

/**
 * The service is rate limiting the caller (429): too many requests or tokens per minute. Retryable after a
 * pause.
 */
public class LlmRateLimitException extends LlmApiException {

    private static final long serialVersionUID = 1L;

    public LlmRateLimitException(String provider, String errorCode, String serviceMessage, String requestId) {
        super(provider, 429, errorCode, serviceMessage, requestId);
    }
}
