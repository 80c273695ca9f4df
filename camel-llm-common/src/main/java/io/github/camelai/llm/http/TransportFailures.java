package io.github.camelai.llm.http;

import java.net.SocketTimeoutException;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/** What the HTTP client's failures mean to a caller: typed timeouts with the host named, or an LlmException. */
final class TransportFailures {

    private TransportFailures() {
    }

    enum TimeoutKind {
        REQUEST,
        STREAM_IDLE
    }

    static Throwable mapFailure(Exception ex, LlmHttpRequest request, TimeoutKind readKind) {
        if (ex instanceof LlmException) {
            return ex;
        }
        if (ex instanceof ConnectTimeoutException) {
            LlmTimeoutException t = new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT,
                    "Could not connect within connectTimeout to " + hostOf(request) + ": " + ex.getMessage());
            t.initCause(ex);
            return t;
        }
        if (ex instanceof SocketTimeoutException) {
            LlmTimeoutException t = new LlmTimeoutException(
                    readKind == TimeoutKind.REQUEST ? LlmTimeoutException.Kind.REQUEST : LlmTimeoutException.Kind.STREAM_IDLE,
                    "Read timed out from " + hostOf(request) + ": " + ex.getMessage());
            t.initCause(ex);
            return t;
        }
        return new LlmException("HTTP call failed: " + request.method() + " " + request.uri() + ": " + ex, ex);
    }

    static String hostOf(LlmHttpRequest request) {
        java.net.URI uri = java.net.URI.create(request.uri());
        return uri.getScheme() + "://" + uri.getAuthority();
    }}
