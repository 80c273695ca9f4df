package io.github.camelai.llm.support;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.ConcurrencyLimiter;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.ServiceDescriptor;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.telemetry.LlmTelemetry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Base of an LLM component: owns the one HTTP transport (connection pool and I/O threads) that all its
 * endpoints share, and the executor routes continue on. Both are created on first use and closed with the
 * component.
 */
public abstract class LlmComponentSupport extends DefaultComponent {

    @Metadata(label = "advanced", defaultValue = "2", description = "HTTP I/O threads shared by all endpoints of this component.")
    private int ioThreads = 2;
    @Metadata(label = "advanced", defaultValue = "200", description = "The HTTP connection pool size shared by all endpoints of this component.")
    private int maxConnections = 200;
    @Metadata(label = "advanced", defaultValue = "false", description = "Negotiate HTTP/2 over TLS instead of HTTP/1.1.")
    private boolean http2;
    @Metadata(label = "security", description = "TLS settings (trust store, key store, protocols) for the HTTP connections.")
    private SSLContextParameters sslContextParameters;
    @Metadata(label = "proxy", description = "HTTP proxy host.")
    private String proxyHost;
    @Metadata(label = "proxy", description = "HTTP proxy port.")
    private Integer proxyPort;

    private HttpClient5Transport transport;
    private ExecutorService continuation;

    /** The shared transport, created on first use. */
    protected synchronized HttpClient5Transport transport() throws Exception {
        if (transport == null) {
            if (ioThreads <= 0 || maxConnections <= 0) {
                throw new IllegalArgumentException("ioThreads and maxConnections must be positive, got " + ioThreads + " and "
                                                   + maxConnections + "; the defaults are 2 and 200");
            }
            TransportSettings settings = new TransportSettings(ioThreads, maxConnections, http2,
                    sslContextParameters != null ? sslContextParameters.createSSLContext(getCamelContext()) : null,
                    proxyHost, proxyPort != null ? proxyPort : 80, TransportSettings.defaults().streamWindowBytes());
            transport = new HttpClient5Transport(settings);
        }
        return transport;
    }

    /** The executor exchanges continue on after an HTTP answer; never an I/O thread. */
    protected synchronized ExecutorService continuation() {
        if (continuation == null) {
            continuation = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this,
                    getClass().getSimpleName() + "Continuation");
        }
        return continuation;
    }

    /** The endpoint-level HTTP client: this component's transport with the endpoint's policy. */
    public LlmHttpClient newHttpClient(ServiceDescriptor service, LlmConfiguration cfg, AuthProvider auth) throws Exception {
        cfg.checkLimits();
        HttpClient5Transport t = transport();
        RetryPolicy retry = new RetryPolicy(cfg.getMaxRetries(), Duration.ofMillis(Math.max(1, cfg.getRetryInitialDelay())),
                Duration.ofMillis(Math.max(cfg.getRetryInitialDelay(), cfg.getRetryMaxDelay())), cfg.isRetryOnReadTimeout());
        Timeouts timeouts = new Timeouts(Duration.ofMillis(cfg.getConnectTimeout()), Duration.ofMillis(cfg.getRequestTimeout()),
                Duration.ofMillis(cfg.getStreamIdleTimeout()));
        return new LlmHttpClient(service, t, auth, retry, timeouts, new ConcurrencyLimiter(cfg.getMaxConcurrentRequests()),
                t.timer());
    }

    /** The shared calls for an endpoint. */
    public LlmCalls newCalls(LlmHttpClient client, LlmHeaders headers) {
        return new LlmCalls(client, headers, continuation());
    }

    /** The shared calls for an endpoint, recording GenAI telemetry. */
    public LlmCalls newCalls(LlmHttpClient client, LlmHeaders headers, LlmTelemetry telemetry) {
        return new LlmCalls(client, headers, continuation(), telemetry);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        synchronized (this) {
            if (transport != null) {
                transport.close();
                transport = null;
            }
            if (continuation != null) {
                getCamelContext().getExecutorServiceManager().shutdown(continuation);
                continuation = null;
            }
        }
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public boolean isHttp2() {
        return http2;
    }

    public void setHttp2(boolean http2) {
        this.http2 = http2;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }
}
