package io.github.camelai.llm.http;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmServerException;
import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which transport failures are connection failures, and which of those are sent again (issue 19). */
class TransportFailuresTest {

    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10), false);
    private static final LlmHttpRequest REMOTE = LlmHttpRequest.postJson("https://models.example.com/v1/chat", new byte[0]);
    private static final LlmHttpRequest LOCAL = LlmHttpRequest.postJson("https://localhost:8443/v1/chat", new byte[0]);
    private static final LlmHttpRequest PLAIN = LlmHttpRequest.postJson("http://models.example.com/v1/chat", new byte[0]);

    private static Throwable map(Exception ex, LlmHttpRequest request, Abort call) {
        return TransportFailures.mapFailure(ex, request, Timeouts.DEFAULT, call, TransportFailures.TimeoutKind.REQUEST);
    }

    private static Abort notConnected() {
        return new Abort();
    }

    /** A call whose connection is up, on a connection that carried {@code earlier} exchanges before it. */
    private static Abort connected(int earlier, boolean answered) {
        Abort call = new Abort();
        call.connected = true;
        call.answered = answered;
        HttpCoreContext context = HttpCoreContext.create();
        // as HttpCore 5.3 counts on a client connection: each request written and each answer read
        long counted = 2L * earlier + 1 + (answered ? 1 : 0);
        context.setEndpointDetails(new EndpointDetails(null, null, Timeout.ofSeconds(1)) {
            @Override
            public long getRequestCount() {
                return counted;
            }

            @Override
            public long getResponseCount() {
                return 0;
            }

            @Override
            public long getSentBytesCount() {
                return 0;
            }

            @Override
            public long getReceivedBytesCount() {
                return 0;
            }
        });
        call.context = context;
        return call;
    }

    private static void retried(Throwable failure) {
        assertTrue(POLICY.isRetryable(failure), "retried: " + failure);
        assertTrue(RetryPolicy.isConnectionFailure(failure), "a connection failure: " + failure);
    }

    private static void notRetried(Throwable failure) {
        assertFalse(POLICY.isRetryable(failure), "not retried: " + failure);
    }

    @Test
    void aClosedReusedConnectionBeforeAnyAnswerIsRetried() {
        Throwable f = map(new ConnectionClosedException("Connection closed by peer"), PLAIN, connected(3, false));
        retried(f);
        assertInstanceOf(LlmException.class, f);
        assertTrue(f.getMessage().contains("closed before any answer") && f.getMessage().contains("connection pool"),
                f.getMessage());
        retried(map(new SocketException("Connection reset"), REMOTE, connected(1, false)));
    }

    @Test
    void aClosedNewConnectionOrAnAnswerAlreadyStartedIsNotRetried() {
        Throwable fresh = map(new ConnectionClosedException("Connection closed by peer"), PLAIN, connected(0, false));
        notRetried(fresh);
        assertFalse(RetryPolicy.isConnectionFailure(fresh));
        notRetried(map(new ConnectionClosedException("Connection closed by peer"), PLAIN, connected(5, true)));
        notRetried(map(new SocketException("Connection reset"), PLAIN, connected(0, true)));
    }

    @Test
    void aReadTimeoutOnAReusedConnectionIsStillAReadTimeout() {
        Throwable f = map(new SocketTimeoutException("Read timed out"), PLAIN, connected(3, false));
        assertEquals(LlmTimeoutException.Kind.REQUEST, assertInstanceOf(LlmTimeoutException.class, f).getKind());
        notRetried(f);
    }

    @Test
    void aRequestNeverWrittenIsRetried() {
        retried(map(new RequestNotExecutedException(), PLAIN, connected(0, false)));
        retried(map(new RequestNotExecutedException(), PLAIN, notConnected()));
    }

    @Test
    void tlsHandshakeFailuresAreRetriedUnlessTheyCannotHeal() {
        retried(map(new SSLHandshakeException("Remote host terminated the handshake"), REMOTE, notConnected()));
        retried(map(new SocketException("Broken pipe"), REMOTE, notConnected()));
        retried(map(new ConnectionClosedException(), LOCAL, notConnected()));
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("unable to find valid certification path"));
        notRetried(map(untrusted, REMOTE, notConnected()));
        Throwable plain = map(new SSLException("Unsupported or unrecognized SSL message"), LOCAL, notConnected());
        notRetried(plain);
        assertTrue(plain.getMessage().contains("address it with http://"), plain.getMessage());
    }

    @Test
    void aHandshakeTimeoutIsRetriedExceptAgainstALocalHost() {
        Throwable remote = map(new SocketTimeoutException("handshake timed out"), REMOTE, notConnected());
        assertEquals(LlmTimeoutException.Kind.CONNECT, assertInstanceOf(LlmTimeoutException.class, remote).getKind());
        retried(remote);
        Throwable local = map(new SocketTimeoutException("handshake timed out"), LOCAL, notConnected());
        assertEquals(LlmTimeoutException.Kind.CONNECT, assertInstanceOf(LlmTimeoutException.class, local).getKind());
        notRetried(local);
        assertTrue(RetryPolicy.isConnectionFailure(local), "nothing was sent");
        assertTrue(local.getMessage().contains("http://") && local.getMessage().contains("not retried"),
                local.getMessage());
    }

    @Test
    void answeredFailuresAreNotConnectionFailures() {
        assertFalse(RetryPolicy.isConnectionFailure(new LlmServerException("TestAI", 503, null, "busy", null)));
        assertFalse(RetryPolicy.isConnectionFailure(new LlmException("HTTP call failed", new IOException("boom"))));
    }

    @Test
    void theAttemptSummaryCountsConnectionFailuresApart() {
        LlmException e = new LlmException("overloaded").withAttempts(4, 2, 812);
        assertEquals(2, e.getConnectionFailures());
        assertEquals("overloaded (after 4 attempts over 812 ms, 2 of them connection failures the service never"
                     + " processed)", e.getMessage());
        assertEquals("overloaded (after 3 attempts over 41 ms)", new LlmException("overloaded").withAttempts(3, 41)
                .getMessage());
    }
}
