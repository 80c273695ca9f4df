package io.github.camelai.llm.error;

/**
 * The service did not accept the credentials (401) or does not allow them to do this (403). The message adds a
 * hint to check the configured API key or token; it never contains the credential.
 */
public class LlmAuthenticationException extends LlmApiException {

    private static final long serialVersionUID = 1L;

    static final String HINT = "check that the configured API key or token is valid and may use this model or endpoint";

    public LlmAuthenticationException(String provider, int statusCode, String errorCode, String serviceMessage,
                                      String requestId) {
        super(provider, statusCode, errorCode, serviceMessage, requestId, HINT);
    }
}
