package io.github.camelai.llm.http;

import java.io.IOException;

/**
 * In a failure's cause chain: the attempt failed before the service could have processed its request, because the
 * connection could not be set up (TLS included) or was found closed before any answer; and whether it is worth
 * sending again. {@link RetryPolicy} reads it; its message says what happened.
 */
final class NotProcessed extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean retry;

    NotProcessed(String message, boolean retry, Throwable cause) {
        super(message, cause);
        this.retry = retry;
    }

    /** Whether sending again can help (a certificate the client refuses, for one, does not heal). */
    boolean retry() {
        return retry;
    }
}
