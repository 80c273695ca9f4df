package io.github.camelai.llm.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.RequestNotExecutedException;

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
     * @param call what is known of the attempt: whether its connection (TLS included) was set up, whether it was
     *             taken from the pool, and whether any answer had arrived
     */
    static Throwable mapFailure(Exception ex, LlmHttpRequest request, Timeouts timeouts, Abort call,
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
        if (ex instanceof RequestNotExecutedException) {
            // the connection closed while the call waited to be written on it
            return new LlmException("HTTP call failed: " + request.method() + " " + request.uri() + ": " + ex,
                    new NotProcessed("The request was not written: its connection had closed", true, ex));
        }
        boolean connected = call.connected;
        boolean tls = !connected && request.uri().regionMatches(true, 0, "https:", 0, 6);
        if (tls && ex instanceof SocketTimeoutException) {
            // HttpClient bounds the handshake by the connect timeout; without saying so, a plain-HTTP or silent
            // port addressed with https:// reads like a slow model
            String message = "The TLS handshake with " + hostOf(request) + " timed out (connectTimeout "
                             + timeouts.connect().toMillis() + " ms)" + PLAIN_HTTP_HINT;
            if (isLocal(request)) {
                // a local server has no load balancer or far network to wait for: one that is silent to a handshake
                // speaks another protocol, and each retry would cost another connectTimeout of silence
                return new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT, message + " (a local host: not retried)",
                        new NotProcessed("A local server did not answer the TLS handshake", false, ex));
            }
            return new LlmTimeoutException(LlmTimeoutException.Kind.CONNECT, message, ex);
        }
        if (tls && ex instanceof SSLException) {
            return new LlmException("The TLS handshake with " + hostOf(request) + " failed: " + ex.getMessage()
                                    + PLAIN_HTTP_HINT,
                    new NotProcessed("The TLS handshake failed; nothing was sent", !lasting(ex), ex));
        }
        if (!connected && ex instanceof IOException && !(ex instanceof InterruptedIOException) && !isNamedByType(ex)) {
            // the connection went away while it was being set up (a reset in the handshake of a busy server)
            return new LlmException("Could not set up the connection to " + hostOf(request) + ": " + ex,
                    new NotProcessed("The connection failed while it was set up; nothing was sent", true, ex));
        }
        if (connected && !call.answered && ex instanceof IOException && !(ex instanceof InterruptedIOException)
            && call.reusedConnection()) {
            // a server closes a kept-alive connection it holds idle, and a call written on it at that moment meets
            // the closed socket: no answer byte, and the server never read the call. A fresh connection that closes
            // the same way may have died processing the call, and is not retried (no double pay).
            return new LlmException("The connection to " + hostOf(request) + " closed before any answer: it came from"
                                    + " the connection pool, and the server had closed it while it was idle: " + ex,
                    new NotProcessed("A reused connection closed before any answer", true, ex));
        }
        if (ex instanceof SocketTimeoutException) {
            return new LlmTimeoutException(
                    readKind == TimeoutKind.REQUEST ? LlmTimeoutException.Kind.REQUEST : LlmTimeoutException.Kind.STREAM_IDLE,
                    "Read timed out from " + hostOf(request) + ": " + ex.getMessage(), ex);
        }
        return new LlmException("HTTP call failed: " + request.method() + " " + request.uri() + ": " + ex, ex);
    }

    /** Failures {@link RetryPolicy} already knows by their type: refused, no route, unknown host. */
    private static boolean isNamedByType(Exception ex) {
        return ex instanceof ConnectException || ex instanceof NoRouteToHostException
               || ex instanceof UnknownHostException;
    }

    /**
     * A handshake failure that a retry cannot mend: a certificate the client does not trust (or one for another
     * name), or an answer that is not TLS at all (a plain-HTTP server).
     */
    private static boolean lasting(Throwable ex) {
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof GeneralSecurityException || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("unrecognized ssl message")) {
                return true;
            }
        }
        return false;
    }

    /** localhost, 127.x.x.x or [::1]: a server on this machine. */
    static boolean isLocal(LlmHttpRequest request) {
        String host = java.net.URI.create(request.uri()).getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
               && host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')
               || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]");
    }

    static String hostOf(LlmHttpRequest request) {
        java.net.URI uri = java.net.URI.create(request.uri());
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
