package io.github.camelai.llm.support;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.github.camelai.llm.concurrency.AdaptiveLimit;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.RequestGate;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.ServiceDescriptor;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.quota.Quotas;
import io.github.camelai.llm.telemetry.LlmTelemetry;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of an LLM component: owns the one HTTP transport (connection pool and I/O threads) that all its
 * endpoints share, and the executor routes continue on. Both are created on first use and closed with the
 * component.
 */
public abstract class LlmComponentSupport extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LlmComponentSupport.class);
    /** The pool size with {@code maxConnections=0} before the endpoints ask for more. */
    static final int AUTO_MIN_CONNECTIONS = 200;

    @Metadata(label = "advanced", defaultValue = "2", description = "HTTP I/O threads shared by all endpoints of this component.")
    private int ioThreads = 2;
    @Metadata(label = "advanced", defaultValue = "0", description = "The HTTP connection pool size (total, and per host) shared by all endpoints of this component. "
                                                                    + "0 sizes it from the endpoints: the sum of their maxConcurrentRequests (an endpoint without a cap "
                                                                    + "lifts the limit), and at least 200, so raising an endpoint's maxConcurrentRequests is enough to get "
                                                                    + "that many calls in flight. A positive value is a fixed limit on calls in flight across all endpoints.")
    private int maxConnections;
    @Metadata(label = "advanced", defaultValue = "false", description = "Negotiate HTTP/2 over TLS instead of HTTP/1.1.")
    private boolean http2;
    @Metadata(label = "security", description = "TLS settings (trust store, key store, protocols) for the HTTP connections.")
    private SSLContextParameters sslContextParameters;
    @Metadata(label = "proxy", description = "HTTP proxy host.")
    private String proxyHost;
    @Metadata(label = "proxy", description = "HTTP proxy port.")
    private Integer proxyPort;
    @Metadata(label = "advanced", description = "A thread pool of your own for exchanges to continue routing on after the model has answered. "
                                                + "Shared by all endpoints of this component. You manage its lifecycle: it is not shut down with the "
                                                + "component. It should queue rather than reject work (a rejected continuation runs on the HTTP I/O thread).")
    private ExecutorService workerPool;
    @Metadata(label = "advanced", defaultValue = "2", description = "Threads the component's worker pool keeps, for exchanges to continue routing on "
                                                                    + "after the model has answered.")
    private int workerPoolCoreSize = 2;
    @Metadata(label = "advanced", defaultValue = "10", description = "Most threads of the component's worker pool. The pool grows to this while "
                                                                     + "every worker is busy (route steps after the producer that block, or read a "
                                                                     + "streamed iterator), then queues.")
    private int workerPoolMaxSize = 10;

    private HttpClient5Transport transport;
    // each started endpoint's cap, by its configuration (an endpoint restarting keeps its one entry)
    private final Map<LlmConfiguration, Integer> demand = new IdentityHashMap<>();
    private ExecutorService continuation;
    private boolean ownContinuation;
    // per component instance, not per JVM: two CamelContexts share a quota only through a rateLimitStore
    private Quotas quotas;

    /**
     * A blank endpoint option counts as not set, credentials and everything else alike: a Kamelet parameter or a
     * property placeholder that resolved to nothing ({@code modelUrl=}, {@code host=}, {@code apiKey=}) leaves the
     * component's value in place, or the default, instead of replacing it with an empty string.
     */
    @Override
    protected void setProperties(Endpoint endpoint, Map<String, Object> parameters) throws Exception {
        parameters.values().removeIf(v -> v instanceof String s && s.isBlank());
        super.setProperties(endpoint, parameters);
    }

    /** The shared transport, created on first use. */
    protected synchronized HttpClient5Transport transport() throws Exception {
        if (transport == null) {
            if (ioThreads <= 0 || maxConnections < 0) {
                throw new IllegalArgumentException("ioThreads must be positive and maxConnections 0 (sized from the endpoints) "
                                                   + "or positive, got " + ioThreads + " and " + maxConnections
                                                   + "; the defaults are 2 and 0");
            }
            TransportSettings settings = new TransportSettings(ioThreads, poolSize(), http2,
                    sslContextParameters != null ? sslContextParameters.createSSLContext(getCamelContext()) : null,
                    proxyHost, proxyPort != null ? proxyPort : 80, TransportSettings.defaults().streamWindowBytes());
            transport = new HttpClient5Transport(settings);
        }
        return transport;
    }

    /**
     * The executor exchanges continue on after an HTTP answer, never an I/O thread: the {@code workerPool} given,
     * else a bounded pool of this component's own, made on first use.
     */
    protected synchronized ExecutorService continuation() {
        if (continuation == null) {
            if (workerPool != null) {
                continuation = workerPool;
                ownContinuation = false;
            } else {
                ExecutorServiceManager manager = getCamelContext().getExecutorServiceManager();
                String name = getClass().getSimpleName() + "Worker";
                continuation = WorkerPool.create(workerPoolCoreSize, workerPoolMaxSize,
                        new CamelThreadFactory(manager.getThreadNamePattern(), name, true));
                ownContinuation = true;
            }
        }
        return continuation;
    }

    /**
     * The endpoint-level HTTP client: this component's transport with the endpoint's policy, and no quota (for calls
     * that are not the model's, such as an OAuth token request).
     */
    public LlmHttpClient newHttpClient(ServiceDescriptor service, LlmConfiguration cfg, AuthProvider auth) throws Exception {
        return newHttpClient(service, cfg, auth, null, LlmTelemetry.NONE);
    }

    /**
     * The endpoint-level HTTP client, with the endpoint's {@code requestsPerMinute} and {@code tokensPerMinute}
     * quota.
     *
     * @param quotaTarget what the endpoint calls (service URL and model): endpoints with the same target share a
     *                    quota; {@code null} for no quota
     * @param telemetry   records the time calls wait on the quota
     */
    public LlmHttpClient newHttpClient(ServiceDescriptor service, LlmConfiguration cfg, AuthProvider auth,
                                       String quotaTarget, LlmTelemetry telemetry) throws Exception {
        cfg.checkLimits();
        HttpClient5Transport t = transport();
        followLoad(cfg, t);
        RetryPolicy retry = new RetryPolicy(cfg.getMaxRetries(), Duration.ofMillis(Math.max(1, cfg.getRetryInitialDelay())),
                Duration.ofMillis(Math.max(cfg.getRetryInitialDelay(), cfg.getRetryMaxDelay())), cfg.isRetryOnReadTimeout());
        Timeouts timeouts = new Timeouts(Duration.ofMillis(cfg.getConnectTimeout()), Duration.ofMillis(cfg.getRequestTimeout()),
                Duration.ofMillis(cfg.getStreamIdleTimeout()));
        RequestGate quota = quotaTarget == null ? RequestGate.OPEN
                : quotas().gate(quotaTarget, cfg.getRateLimitGroup(), cfg.getRequestsPerMinute(), cfg.getTokensPerMinute(),
                        cfg.getRateLimitStore(), t.timer(), telemetry::quotaWaited);
        return new LlmHttpClient(service, t, auth, retry, timeouts, limiter(cfg), t.timer(), quota);
    }

    private static ConcurrencyLimiter limiter(LlmConfiguration cfg) {
        return cfg.isAdaptiveConcurrency() ? new ConcurrencyLimiter(new AdaptiveLimit(cfg.getMaxConcurrentRequests()))
                : new ConcurrencyLimiter(cfg.getMaxConcurrentRequests());
    }

    private synchronized Quotas quotas() {
        if (quotas == null) {
            quotas = new Quotas(getClass().getSimpleName());
        }
        return quotas;
    }

    /**
     * Makes room in the connection pool for one more endpoint's calls: without it, an endpoint allowed 1,000 calls
     * in flight would get as many as the pool has connections and queue the rest, unseen.
     */
    private synchronized void followLoad(LlmConfiguration cfg, HttpClient5Transport t) {
        int cap = cfg.getMaxConcurrentRequests() > 0 ? cfg.getMaxConcurrentRequests() : Integer.MAX_VALUE;
        demand.put(cfg, cap);
        if (maxConnections <= 0) {
            int size = poolSize();
            if (size > t.maxConnections()) {
                LOG.debug("{}: connection pool raised to {} for the endpoints' maxConcurrentRequests", getClass().getSimpleName(), size);
                t.setMaxConnections(size);
            }
        } else if (demanded() > maxConnections) {
            long all = demanded();
            LOG.warn("{}: its endpoints allow {} calls in flight (this one: maxConcurrentRequests={}), but maxConnections={} "
                     + "caps the connection pool they share, so calls beyond it wait for a connection. Raise maxConnections, "
                     + "or set it to 0 to size the pool from the endpoints.", getClass().getSimpleName(),
                    all == Integer.MAX_VALUE ? "unlimited" : all, cfg.getMaxConcurrentRequests(), maxConnections);
        }
    }

    /** What the pool is sized to: {@code maxConnections} when set, else from the endpoints. */
    private synchronized int poolSize() {
        return maxConnections > 0 ? maxConnections : (int) Math.max(AUTO_MIN_CONNECTIONS, demanded());
    }

    private long demanded() {
        long sum = 0;
        for (int cap : demand.values()) {
            sum += cap;
        }
        return Math.min(Integer.MAX_VALUE, sum);
    }

    /** The shared calls for an endpoint. */
    public LlmCalls newCalls(LlmHttpClient client, LlmHeaders headers) {
        return new LlmCalls(client, headers, continuation());
    }

    /** The shared calls for an endpoint, recording GenAI telemetry. */
    public LlmCalls newCalls(LlmHttpClient client, LlmHeaders headers, LlmTelemetry telemetry) {
        telemetry.watch(client.limiter());
        return new LlmCalls(client, headers, continuation(), telemetry);
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        JacksonVersions.check();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        synchronized (this) {
            if (transport != null) {
                transport.close();
                transport = null;
            }
            demand.clear();
            quotas = null;
            if (continuation != null && ownContinuation) {
                continuation.shutdown();
            }
            continuation = null;
        }
    }

    public ExecutorService getWorkerPool() {
        return workerPool;
    }

    public void setWorkerPool(ExecutorService workerPool) {
        this.workerPool = workerPool;
    }

    public int getWorkerPoolCoreSize() {
        return workerPoolCoreSize;
    }

    public void setWorkerPoolCoreSize(int workerPoolCoreSize) {
        this.workerPoolCoreSize = workerPoolCoreSize;
    }

    public int getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    public void setWorkerPoolMaxSize(int workerPoolMaxSize) {
        this.workerPoolMaxSize = workerPoolMaxSize;
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
