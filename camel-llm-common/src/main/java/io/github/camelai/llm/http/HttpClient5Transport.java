package io.github.camelai.llm.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link LlmTransport} on Apache HttpClient 5's async client, the engine behind camel-http: a fixed handful of
 * I/O threads, one connection pool, and real back-pressure for streamed answers through the client's capacity
 * channel.
 */
public final class HttpClient5Transport implements LlmTransport {

    /** The largest buffered (non-streamed) answer: far above any chat answer, a bound on a runaway body. */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    private static final String ABORT = "camel-llm.abort";
    /**
     * A pooled connection idle this long is closed. Servers and load balancers close idle keep-alive connections
     * after their own time (Tomcat as shipped 20 s, Jetty and the JDK's server 30 s, AWS ALB 60 s, nginx 75 s); closing ours
     * first, checked every {@link #EVICTION_CHECK}, keeps the pool from handing out a connection the other side is
     * closing at that moment. Reconnecting after a quiet quarter of a minute costs one handshake.
     */
    static final TimeValue IDLE_LIMIT = TimeValue.ofSeconds(15);
    static final TimeValue EVICTION_CHECK = TimeValue.ofSeconds(1);
    /** A connection idle this long is checked before it is used again (an HTTP/2 connection with a PING). */
    static final TimeValue VALIDATE_AFTER = TimeValue.ofSeconds(2);
    private static final String JSON = "application/json";
    // sent as given, without a charset parameter: parsed once, not per call
    private static final ContentType JSON_TYPE = ContentType.parse(JSON);

    private final CloseableHttpAsyncClient client;
    private final PoolingAsyncClientConnectionManager connections;
    private final ScheduledExecutorService timer;
    private final int streamWindow;
    private final Map<String, java.net.URI> uris = new ConcurrentHashMap<>();
    private final Map<Timeouts, RequestConfig> callConfigs = new ConcurrentHashMap<>();
    private final Map<Timeouts, RequestConfig> streamConfigs = new ConcurrentHashMap<>();

    public HttpClient5Transport(TransportSettings settings) {
        this.streamWindow = settings.streamWindowBytes();
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setValidateAfterInactivity(VALIDATE_AFTER).build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(settings.http2() ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_1)
                        .build());
        if (settings.sslContext() != null) {
            pool.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(settings.sslContext()).buildAsync());
        }
        this.connections = pool.build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setHttp1Config(Http1Config.custom().setInitialWindowSize(StreamingConsumer.INITIAL_WINDOW).build())
                .setIOReactorConfig(ioReactorConfig(settings))
                // our own retry policy knows which calls are safe to repeat; the client's would repeat POSTs blindly
                .disableAutomaticRetries()
                // a redirected POST can silently lose its body; a 3xx is reported instead
                .disableRedirectHandling()
                .disableCookieManagement()
                // cancelling the client's future does not close an HTTP/1.1 connection whose answer is streaming;
                // this hands each call's exec runtime to its Abort, which can
                .addExecInterceptorFirst("camel-llm-abort", (req, entity, scope, chain, callback) -> {
                    if (scope.clientContext.getAttribute(ABORT) instanceof Abort abort && !abort.attach(scope.execRuntime)) {
                        throw new IOException("Call aborted before it was sent");
                    }
                    chain.proceed(req, entity, scope, callback);
                })
                // runs once the connection (TLS included) is up: a failure before that is a connection problem,
                // whatever exception HttpClient reports it with
                .addExecInterceptorAfter(ChainElement.CONNECT.name(), "camel-llm-connected", (req, entity, scope, chain, callback) -> {
                    if (scope.clientContext.getAttribute(ABORT) instanceof Abort abort) {
                        abort.connected = true;
                    }
                    chain.proceed(req, entity, scope, callback);
                })
                // any answer, whatever its status: the server has seen the call, which is then never retried
                // for a transport error
                .addResponseInterceptorFirst((response, entity, context) -> {
                    if (context.getAttribute(ABORT) instanceof Abort abort) {
                        abort.answered = true;
                    }
                })
                .setUserAgent("camel-llm/0.1");
        if (settings.proxyHost() != null && !settings.proxyHost().isBlank()) {
            builder.setProxy(new HttpHost(settings.proxyHost(), settings.proxyPort()));
        }
        this.client = builder.build();
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "camel-llm-timer");
            t.setDaemon(true);
            return t;
        });
        // every call schedules a deadline (minutes away) and cancels it when done; without this the cancelled
        // deadlines, and the requests and answers they reference, would stay queued until their time
        timerPool.setRemoveOnCancelPolicy(true);
        this.timer = timerPool;
        // our own sweep rather than the builder's evictor, which sleeps as long as its idle limit between sweeps
        // and so leaves a connection idle for up to twice that
        timer.scheduleWithFixedDelay(this::evictIdle, EVICTION_CHECK.toMilliseconds(), EVICTION_CHECK.toMilliseconds(),
                TimeUnit.MILLISECONDS);
        this.client.start();
    }

    private void evictIdle() {
        try {
            connections.closeExpired();
            connections.closeIdle(IDLE_LIMIT);
        } catch (RuntimeException e) {
            // a failed sweep must not cancel the next ones
        }
    }

    private static IOReactorConfig ioReactorConfig(TransportSettings settings) {
        IOReactorConfig.Builder io = IOReactorConfig.custom().setIoThreadCount(settings.ioThreads());
        if (settings.socketReceiveBuffer() > 0) {
            io.setRcvBufSize(settings.socketReceiveBuffer());
        }
        return io.build();
    }

    /**
     * Resizes the connection pool (total and per host) while calls run: raising it lets waiting calls connect at
     * once; lowering it closes no connection in use.
     */
    public void setMaxConnections(int max) {
        connections.setMaxTotal(max);
        connections.setDefaultMaxPerRoute(max);
    }

    /** The connection pool's size (total, and per host). */
    public int maxConnections() {
        return connections.getMaxTotal();
    }

    /** The scheduler used for timeouts; also fine for short, non-blocking tasks such as retry delays. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public CompletableFuture<LlmHttpResponse> send(LlmHttpRequest request, Timeouts timeouts) {
        CompletableFuture<LlmHttpResponse> result = new CompletableFuture<>();
        Abort abort = new Abort();
        Future<SimpleHttpResponse> inFlight = client.execute(SimpleRequestProducer.create(toSimple(request)),
                new BoundedAnswer(SimpleResponseConsumer.create(), MAX_ANSWER_BYTES), null,
                context(timeouts, false, abort),
                new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse r) {
                        result.complete(new LlmHttpResponse(r.getCode(), headers(r.getHeaders()), r.getBodyBytes()));
                    }

                    @Override
                    public void failed(Exception ex) {
                        result.completeExceptionally(TransportFailures.mapFailure(ex, request, timeouts, abort,
                                TransportFailures.TimeoutKind.REQUEST));
                    }

                    @Override
                    public void cancelled() {
                        result.completeExceptionally(new LlmException("Call cancelled: " + request));
                    }
                });
        // the client's response timeout only measures silence on the socket; a slow model that trickles bytes
        // must still be cut at the total request timeout
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (result.completeExceptionally(new LlmTimeoutException(LlmTimeoutException.Kind.REQUEST,
                    "No complete answer within requestTimeout " + timeouts.request().toMillis() + " ms from "
                                                                                      + request.method() + " "
                                                                                      + request.uri()))) {
                inFlight.cancel(true);
                abort.abort();
            }
        }, timeouts.request().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> deadline.cancel(false));
        return result;
    }

    @Override
    public void stream(LlmHttpRequest request, Timeouts timeouts, StreamSubscriber subscriber) {
        StreamingConsumer consumer = new StreamingConsumer(request, timeouts, subscriber, timer, streamWindow);
        Future<Void> inFlight = client.execute(SimpleRequestProducer.create(toSimple(request)), consumer, null,
                context(timeouts, true, consumer.abort), new FutureCallback<>() {
                    @Override
                    public void completed(Void v) {
                        // the consumer has already signalled the subscriber
                    }

                    @Override
                    public void failed(Exception ex) {
                        consumer.fail(TransportFailures.mapFailure(ex, request, timeouts, consumer.abort,
                                TransportFailures.TimeoutKind.STREAM_IDLE));
                    }

                    @Override
                    public void cancelled() {
                        consumer.fail(new LlmException("Stream cancelled: " + request));
                    }
                });
        consumer.start(inFlight);
    }

    /** An endpoint calls the same few URLs over and over: each is parsed once (status URLs with ids are not kept). */
    private java.net.URI uri(String text) {
        java.net.URI uri = uris.get(text);
        if (uri == null) {
            uri = java.net.URI.create(text);
            if (uris.size() < 256) {
                uris.putIfAbsent(text, uri);
            }
        }
        return uri;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    private SimpleHttpRequest toSimple(LlmHttpRequest request) {
        SimpleHttpRequest r = new SimpleHttpRequest(request.method(), uri(request.uri()));
        String contentType = null;
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if ("content-type".equalsIgnoreCase(h.getKey())) {
                contentType = h.getValue();
            } else {
                r.addHeader(h.getKey(), h.getValue());
            }
        }
        if (request.body() != null) {
            r.setBody(request.body(), contentType == null ? ContentType.APPLICATION_JSON
                    : JSON.equals(contentType) ? JSON_TYPE : ContentType.parse(contentType));
        }
        return r;
    }

    private HttpClientContext context(Timeouts timeouts, boolean stream, Abort abort) {
        HttpClientContext ctx = HttpClientContext.create();
        ctx.setAttribute(ABORT, abort);
        abort.context = ctx;
        ctx.setRequestConfig(requestConfig(timeouts, stream));
        return ctx;
    }

    /** An endpoint's request config, built once (per endpoint, for calls and for streams), not per call. */
    private RequestConfig requestConfig(Timeouts timeouts, boolean stream) {
        Map<Timeouts, RequestConfig> cache = stream ? streamConfigs : callConfigs;
        RequestConfig config = cache.get(timeouts);
        if (config == null) {
            config = buildRequestConfig(timeouts, stream);
            if (cache.size() < 1000) {
                cache.putIfAbsent(timeouts, config);
            }
        }
        return config;
    }

    @SuppressWarnings("deprecation")
    private static RequestConfig buildRequestConfig(Timeouts timeouts, boolean stream) {
        return RequestConfig.custom()
                .setConnectTimeout(Timeout.of(timeouts.connect()))
                // waiting for a pooled connection is queuing, not failure: the request timeout bounds it
                .setConnectionRequestTimeout(Timeout.of(timeouts.request()))
                // streams are watched by our own idle timer, which knows when the connection is paused on purpose
                .setResponseTimeout(stream ? Timeout.DISABLED : Timeout.of(timeouts.request()))
                .build();
    }

    static Map<String, String> headers(Header[] all) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : all) {
            map.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        return map;
    }
}
