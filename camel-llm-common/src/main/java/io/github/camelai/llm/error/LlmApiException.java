package io.github.camelai.llm.error;

/**
 * An HTTP error answer from the model service.
 * <p>
 * Use {@link ErrorParser#parse} to build one from a raw response or {@link ErrorParser#of} to pick the subclass
 * that matches the status: {@link LlmBadRequestException}, {@link LlmAuthenticationException},
 * {@link LlmRateLimitException} or {@link LlmServerException}. This class itself is used for statuses that fit
 * none of them (for example an unexpected 3xx).
 * <p>
 * The message is a readable sentence such as
 * {@code Databricks returned HTTP 429 REQUEST_LIMIT_EXCEEDED: Too many requests (request id abc)}. It never
 * contains request headers; credential-looking values in the service's own text are masked.
 */
public class LlmApiException extends LlmException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int statusCode;
    private final String errorCode;
    private final String serviceMessage;
    private final String requestId;
    private final boolean retryable;
    private String retryAfter;

    public LlmApiException(String provider, int statusCode, String errorCode, String serviceMessage, String requestId) {
        this(provider, statusCode, errorCode, serviceMessage, requestId, null);
    }

    /**
     * @param hint optional sentence appended to the message (after a semicolon), for example what to check
     */
    protected LlmApiException(String provider, int statusCode, String errorCode, String serviceMessage,
                              String requestId, String hint) {
        super(buildMessage(ErrorText.providerName(provider), statusCode, ErrorText.blankToNull(errorCode),
                ErrorText.redact(ErrorText.blankToNull(serviceMessage)), ErrorText.blankToNull(requestId), hint));
        this.provider = ErrorText.providerName(provider);
        this.statusCode = statusCode;
        this.errorCode = ErrorText.blankToNull(errorCode);
        this.serviceMessage = ErrorText.redact(ErrorText.blankToNull(serviceMessage));
        this.requestId = ErrorText.blankToNull(requestId);
        this.retryable = isRetryableStatus(statusCode);
    }

    /** The statuses worth retrying: 429, 502, 503 and 504. */
    static boolean isRetryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private static String buildMessage(String provider, int status, String errorCode, String serviceMessage,
                                       String requestId, String hint) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(provider).append(" returned HTTP ").append(status);
        // a numeric error_code equal to the status adds nothing ("HTTP 403 403")
        if (errorCode != null && !errorCode.equals(Integer.toString(status))) {
            sb.append(' ').append(errorCode);
        }
        if (serviceMessage != null) {
            sb.append(": ").append(serviceMessage);
        }
        // Databricks puts "[ReqId: ...]" in the message itself: do not repeat it
        if (requestId != null && (serviceMessage == null || !serviceMessage.contains(requestId))) {
            sb.append(" (request id ").append(requestId).append(')');
        }
        if (hint != null && !hint.isEmpty()) {
            sb.append("; ").append(hint);
        }
        return sb.toString();
    }

    /** The service's name, for example {@code Baseten} or {@code Databricks}. */
    public String getProvider() {
        return provider;
    }

    public int getStatusCode() {
        return statusCode;
    }

    /** The service's error code or type, for example {@code REQUEST_LIMIT_EXCEEDED}; may be {@code null}. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The service's own message, for example {@code Too many requests}; may be {@code null}. */
    public String getServiceMessage() {
        return serviceMessage;
    }

    /** The request id from the response header or the error body; may be {@code null}. */
    public String getRequestId() {
        return requestId;
    }

    /** Whether the status (429, 502, 503, 504) suggests that the same request may succeed later. */
    /** The answer's {@code Retry-After} header (seconds or an HTTP date), or {@code null}. */
    public String getRetryAfter() {
        return retryAfter;
    }

    /** Records the answer's {@code Retry-After} header, which the retry policy honours. */
    public LlmApiException withRetryAfter(String retryAfter) {
        this.retryAfter = retryAfter;
        return this;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
