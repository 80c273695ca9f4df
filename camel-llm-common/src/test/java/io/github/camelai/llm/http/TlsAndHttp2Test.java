package io.github.camelai.llm.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TLS from Camel's {@link SSLContextParameters} and the HTTP/2 opt-in, against WireMock's HTTPS port (its built-in
 * self-signed certificate for localhost, trusted here through a trust store built from WireMock's own key store).
 */
class TlsAndHttp2Test {

    private WireMockServer server;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        server.start();
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        camel.close();
    }

    private TransportSettings settings(boolean http2) throws Exception {
        KeyStoreParameters trust = new KeyStoreParameters();
        trust.setResource("classpath:keystore");
        trust.setPassword("password");
        trust.setCamelContext(camel);
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setKeyStore(trust);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tmp);
        TransportSettings d = TransportSettings.defaults();
        return new TransportSettings(d.ioThreads(), d.maxConnections(), http2, ssl.createSSLContext(camel), null, 0,
                d.streamWindowBytes());
    }

    private LlmHttpResponse call(HttpClient5Transport transport) throws Exception {
        LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Api-Key k"),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                new ConcurrencyLimiter(0), transport.timer());
        return client.send(LlmHttpRequest.postJson("https://localhost:" + server.httpsPort() + "/v1/chat/completions",
                "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }

    private String protocolSeen() {
        LoggedRequest r = server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0);
        return r.getProtocol();
    }

    @Test
    void tlsFromSslContextParametersUsesHttp11ByDefault() throws Exception {
        try (HttpClient5Transport transport = new HttpClient5Transport(settings(false))) {
            assertEquals("{\"ok\":true}", call(transport).bodyAsString());
        }
        assertEquals("HTTP/1.1", protocolSeen());
    }

    @Test
    void http2IsNegotiatedWhenOptedIn() throws Exception {
        try (HttpClient5Transport transport = new HttpClient5Transport(settings(true))) {
            assertEquals("{\"ok\":true}", call(transport).bodyAsString());
        }
        assertEquals("HTTP/2.0", protocolSeen());
    }

    @Test
    void anUntrustedCertificateFailsTheCall() {
        try (HttpClient5Transport transport = new HttpClient5Transport(TransportSettings.defaults())) {
            Exception e = assertThrows(Exception.class, () -> call(transport));
            assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, causeOfType(e, javax.net.ssl.SSLHandshakeException.class),
                    e.toString());
        }
    }

    private static Throwable causeOfType(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return t;
    }
}
