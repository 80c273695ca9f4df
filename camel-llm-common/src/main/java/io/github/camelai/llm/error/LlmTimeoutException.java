package io.github.camelai.llm.error;

import java.util.Objects;

/**
 * A call took too long. The {@link Kind} says which phase timed out, which decides whether retrying is safe: a
 * connect timeout never reached the model, a request or stream-idle timeout may have (and may be billed).
 */
public class LlmTimeoutException extends LlmException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No connection could be made in time; the request was not sent. */
        CONNECT,
        /** The request was sent but the (first part of the) answer did not arrive in time. */
        REQUEST,
        /** A stream that had started went silent for too long. */
        STREAM_IDLE
    }

    private final Kind kind;

    public LlmTimeoutException(Kind kind, String message) {
        this(kind, message, null);
    }

    public LlmTimeoutException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind getKind() {
        return kind;
    }
}
