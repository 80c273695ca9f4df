package io.github.camelai.llm.http;

import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

/**
 * Closes one call's connection on demand, from any thread: the connection of an answer we stopped reading
 * must not stay open (the server would go on generating) nor go back to the pool mid-answer. An HTTP/2
 * connection carries other calls too: there, cancelling the client's future resets just this stream, and
 * the connection stays.
 */
final class Abort {
    /** Set once the connection, TLS included, is up (see the transport's interceptor after CONNECT). */
    volatile boolean connected;
    /** Set once the head of the answer (any status) has arrived: from then on the server has surely seen the call. */
    volatile boolean answered;
    /** The call's context: HttpCore puts the details of the connection it runs on there. */
    volatile HttpCoreContext context;
    private AsyncExecRuntime runtime;
    private boolean aborted;

    /** Called as the call starts; {@code false} when it was aborted already. */
    synchronized boolean attach(AsyncExecRuntime runtime) {
        this.runtime = runtime;
        return !aborted;
    }

    /**
     * Whether the call ran on a connection that had carried earlier exchanges (taken from the pool, not opened for
     * it). Read from the connection's own counters: every earlier exchange of an HTTP/1.1 connection ended with its
     * answer, so a connection with two or more messages counted besides ours was reused. (HttpCore 5.3 counts an
     * answer as a request, not as a response: the sum holds either way.)
     */
    boolean reusedConnection() {
        HttpCoreContext ctx = context;
        EndpointDetails details = ctx == null ? null : ctx.getEndpointDetails();
        return details != null && details.getRequestCount() + details.getResponseCount() >= 2;
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
