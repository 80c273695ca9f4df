package io.github.camelai.component.databricks;

import io.github.camelai.llm.error.LlmException;

/**
 * The Responses API reported a failure inside an answer that was itself delivered (HTTP 200): an {@code error}
 * event or a {@code response.failed} event in a stream, or a response whose {@code status} is {@code failed}.
 */
public class DatabricksResponseException extends LlmException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String serviceMessage;
    private final Long sequenceNumber;

    public DatabricksResponseException(String code, String serviceMessage, Long sequenceNumber) {
        super("Databricks Responses API reported an error" + (code != null ? " " + code : "")
              + (serviceMessage != null ? ": " + serviceMessage : "")
              + (sequenceNumber != null ? " (stream event " + sequenceNumber + ")" : ""));
        this.code = code;
        this.serviceMessage = serviceMessage;
        this.sequenceNumber = sequenceNumber;
    }

    /** The error code, e.g. {@code server_error} or {@code rate_limit_exceeded}; may be {@code null}. */
    public String getCode() {
        return code;
    }

    /** The service's message; may be {@code null}. */
    public String getServiceMessage() {
        return serviceMessage;
    }

    /** The {@code sequence_number} of the stream event that carried the error, or {@code null}. */
    public Long getSequenceNumber() {
        return sequenceNumber;
    }
}
