package io.github.camelai.llm.http;

import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.async.AsyncExecRuntime;

/**
 * Closes one call's connection on demand, from any thread: the connection of an answer we stopped reading
 * must not stay open (the server would go on generating) nor go back to the pool mid-answer. An HTTP/2
 * connection carries other calls too: there, cancelling the client's future resets just this stream, and
 * the connection stays.
 */
final class Abort {
    /** Set once the connection, TLS included, is up (see the transport's interceptor after CONNECT). */
    volatile boolean connected;
    private AsyncExecRuntime runtime;
    private boolean aborted;

    /** Called as the call starts; {@code false} when it was aborted already. */
    synchronized boolean attach(AsyncExecRuntime runtime) {
        this.runtime = runtime;
        return !aborted;
    }

    void abort() {
        AsyncExecRuntime r;
        synchronized (this) {
            aborted = true;
            r = runtime;
        }
        if (r != null && !multiplexed(r)) {
            r.discardEndpoint();
        }
    }

    private static boolean multiplexed(AsyncExecRuntime runtime) {
        try {
            EndpointInfo info = runtime.getEndpointInfo();
            return info != null && info.getProtocol() != null && info.getProtocol().getMajor() >= 2;
        } catch (RuntimeException notConnected) {
            return false;
        }
    }
}
