package io.github.camelai.llm.http;

import java.net.SocketTimeoutException;

import javax.net.ssl.SSLException;

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

    private static final String PLAIN_HTTP_HINT = "; if the server speaks plain HTTP (a local model server, an emulator),"
                                                  + " address it with http:// instead of https://";

    /**
     * @param connected whether the connection, TLS included, was set up: a failure before that is a connection
     *                  problem, whatever exception HttpClient reports it with
     */
    static Throwable mapFailure(Exception ex, LlmHttpRequest request, Timeouts timeouts, boolean connected,
                                TimeoutKind readKind) {
        if (ex instanceof LlmException) {
            return ex;
        }
        // the three-argument constructors: initCause on an exception built with a null cause throws, which lost
        // the failure inside HttpClient's callback and left the call to its request timeout
        if (ex instanceof ConnectTimeoutException) {
            return new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT, "Could not connect within connectTimeout "
                                                                              + timeouts.connect().toMillis() + " ms to "
                                                                              + hostOf(request) + ": " + ex.getMessage(),
                    ex);
        }
        boolean tls = !connected && request.uri().regionMatches(true, 0, "https:", 0, 6);
        if (tls && ex instanceof SocketTimeoutException) {
            // HttpClient bounds the handshake by the connect timeout; without saying so, a plain-HTTP or silent
            // port addressed with https:// reads like a slow model
            return new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT, "The TLS handshake with " + hostOf(request)
                                                                              + " timed out (connectTimeout "
                                                                              + timeouts.connect().toMillis() + " ms)"
                                                                              + PLAIN_HTTP_HINT, ex);
        }
        if (tls && ex instanceof SSLException) {
            return new LlmException("The TLS handshake with " + hostOf(request) + " failed: " + ex.getMessage()
                                    + PLAIN_HTTP_HINT, ex);
        }
        if (ex instanceof SocketTimeoutException) {
            return new LlmTimeoutException(
                    readKind == TimeoutKind.REQUEST ? LlmTimeoutException.Kind.REQUEST : LlmTimeoutException.Kind.STREAM_IDLE,
                    "Read timed out from " + hostOf(request) + ": " + ex.getMessage(), ex);
        }
        return new LlmException("HTTP call failed: " + request.method() + " " + request.uri() + ": " + ex, ex);
    }

    static String hostOf(LlmHttpRequest request) {
        java.net.URI uri = java.net.URI.create(request.uri());
        return uri.getScheme() + "://" + uri.getAuthority();
    }}
