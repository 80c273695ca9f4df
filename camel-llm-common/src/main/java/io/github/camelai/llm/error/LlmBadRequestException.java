package io.github.camelai.llm.error;

/**
 * The service refused the request as such (400, 404, 409, 413, 422 and the other 4xx statuses that have no
 * more specific class). Sending the same request again will fail the same way.
 */
public class LlmBadRequestException extends LlmApiException {

    private static final long serialVersionUID = 1L;

    public LlmBadRequestException(String provider, int statusCode, String errorCode, String serviceMessage,
                                  String requestId) {
        super(provider, statusCode, errorCode, serviceMessage, requestId);
    }
}
