package io.github.camelai.llm.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
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

    // set explicitly so the streaming consumer knows the window HttpCore starts each response with
    private static final int INITIAL_WINDOW = 64 * 1024;
    private static final String ABORT = "camel-llm.abort";

    private final CloseableHttpAsyncClient client;
    private final ScheduledExecutorService timer;
    private final int streamWindow;

    public HttpClient5Transport(TransportSettings settings) {
        this.streamWindow = settings.streamWindowBytes();
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(settings.http2() ? HttpVersionPolicy.NEGOTIATE : HttpVersionPolicy.FORCE_HTTP_1)
                        .build());
        if (settings.sslContext() != null) {
            pool.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(settings.sslContext()).buildAsync());
        }
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(pool.build())
                .setHttp1Config(Http1Config.custom().setInitialWindowSize(INITIAL_WINDOW).build())
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
                .evictIdleConnections(TimeValue.ofSeconds(30))
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
        this.client.start();
    }

    private static IOReactorConfig ioReactorConfig(TransportSettings settings) {
        IOReactorConfig.Builder io = IOReactorConfig.custom().setIoThreadCount(settings.ioThreads());
        if (settings.socketReceiveBuffer() > 0) {
            io.setRcvBufSize(settings.socketReceiveBuffer());
        }
        return io.build();
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
                SimpleResponseConsumer.create(), null, context(timeouts, timeouts.request(), abort),
                new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse r) {
                        result.complete(new LlmHttpResponse(r.getCode(), headers(r.getHeaders()), r.getBodyBytes()));
                    }

                    @Override
                    public void failed(Exception ex) {
                        result.completeExceptionally(mapFailure(ex, request, TimeoutKind.REQUEST));
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
        StreamingConsumer consumer = new StreamingConsumer(request, timeouts, subscriber);
        Future<Void> inFlight = client.execute(SimpleRequestProducer.create(toSimple(request)), consumer, null,
                context(timeouts, null, consumer.abort), new FutureCallback<>() {
                    @Override
                    public void completed(Void v) {
                        // the consumer has already signalled the subscriber
                    }

                    @Override
                    public void failed(Exception ex) {
                        consumer.fail(mapFailure(ex, request, TimeoutKind.STREAM_IDLE));
                    }

                    @Override
                    public void cancelled() {
                        consumer.fail(new LlmException("Stream cancelled: " + request));
                    }
                });
        consumer.start(inFlight);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    private static SimpleHttpRequest toSimple(LlmHttpRequest request) {
        SimpleHttpRequest r = new SimpleHttpRequest(request.method(), java.net.URI.create(request.uri()));
        String contentType = null;
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if ("content-type".equalsIgnoreCase(h.getKey())) {
                contentType = h.getValue();
            } else {
                r.addHeader(h.getKey(), h.getValue());
            }
        }
        if (request.body() != null) {
            r.setBody(request.body(), contentType != null ? ContentType.parse(contentType) : ContentType.APPLICATION_JSON);
        }
        return r;
    }

    @SuppressWarnings("deprecation")
    private static HttpClientContext context(Timeouts timeouts, java.time.Duration responseTimeout, Abort abort) {
        HttpClientContext ctx = HttpClientContext.create();
        ctx.setAttribute(ABORT, abort);
        RequestConfig.Builder config = RequestConfig.custom()
                .setConnectTimeout(Timeout.of(timeouts.connect()))
                // waiting for a pooled connection is queuing, not failure: the request timeout bounds it
                .setConnectionRequestTimeout(Timeout.of(timeouts.request()));
        // streams are watched by our own idle timer, which knows when the connection is paused on purpose
        config.setResponseTimeout(responseTimeout != null ? Timeout.of(responseTimeout) : Timeout.DISABLED);
        ctx.setRequestConfig(config.build());
        return ctx;
    }

    private static Map<String, String> headers(Header[] all) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header h : all) {
            map.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        return map;
    }

    /**
     * Closes one call's connection on demand, from any thread: the connection of an answer we stopped reading
     * must not stay open (the server would go on generating) nor go back to the pool mid-answer. An HTTP/2
     * connection carries other calls too: there, cancelling the client's future resets just this stream, and
     * the connection stays.
     */
    static final class Abort {
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

    private enum TimeoutKind {
        REQUEST,
        STREAM_IDLE
    }

    private static Throwable mapFailure(Exception ex, LlmHttpRequest request, TimeoutKind readKind) {
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

    private static String hostOf(LlmHttpRequest request) {
        java.net.URI uri = java.net.URI.create(request.uri());
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /**
     * Streams one answer to a subscriber with a byte window: bytes handed on count until released; the client's
     * capacity channel is only topped up to the window, so a slow route pauses the socket.
     */
    private final class StreamingConsumer implements AsyncResponseConsumer<Void>, StreamControl {

        private final LlmHttpRequest request;
        private final Timeouts timeouts;
        private final StreamSubscriber subscriber;
        private final AtomicBoolean done = new AtomicBoolean();
        private final Abort abort = new Abort();
        private final Object lock = new Object();
        private volatile Future<Void> inFlight;
        private volatile ScheduledFuture<?> watchdog;
        private volatile long lastActivity = System.nanoTime();
        // a 2xx answer has started: from here silence is measured against streamIdle, not the request timeout
        private volatile boolean opened;
        private CapacityChannel capacity;
        // HttpCore's own window for this response: its initial size plus our grants minus what it delivered. It
        // goes negative when HttpCore reads past it (one read can overshoot), so it is tracked, not assumed.
        private long granted = INITIAL_WINDOW;
        private long held;
        // set at the answer's head, completed at its end (both on the I/O thread)
        private FutureCallback<Void> resultCallback;

        StreamingConsumer(LlmHttpRequest request, Timeouts timeouts, StreamSubscriber subscriber) {
            this.request = request;
            this.timeouts = timeouts;
            this.subscriber = subscriber;
        }

        void start(Future<Void> future) {
            this.inFlight = future;
            if (done.get()) {
                future.cancel(true);
                return;
            }
            // checked at least every streamIdle, so a stream that stalls right after its headers is caught in time
            long first = Math.min(timeouts.request().toNanos(), timeouts.streamIdle().toNanos());
            watchdog = timer.schedule(this::checkIdle, first, TimeUnit.NANOSECONDS);
        }

        private void checkIdle() {
            if (done.get()) {
                return;
            }
            long now = System.nanoTime();
            boolean paused;
            synchronized (lock) {
                paused = granted <= 0 && held > 0;
            }
            long limit = opened ? timeouts.streamIdle().toNanos() : timeouts.request().toNanos();
            long silent = now - lastActivity;
            if (paused || silent < limit) {
                long next = Math.min(paused ? limit : limit - silent, timeouts.streamIdle().toNanos());
                watchdog = timer.schedule(this::checkIdle, Math.max(next, 1_000_000L), TimeUnit.NANOSECONDS);
                return;
            }
            LlmTimeoutException timeout = opened
                    ? new LlmTimeoutException(LlmTimeoutException.Kind.STREAM_IDLE,
                            "Stream from " + hostOf(request) + " was silent for more than streamIdleTimeout "
                                                                                   + timeouts.streamIdle().toMillis()
                                                                                   + " ms")
                    : new LlmTimeoutException(LlmTimeoutException.Kind.REQUEST,
                            "No answer within requestTimeout " + timeouts.request().toMillis() + " ms from "
                                                                 + request.method() + " " + request.uri());
            fail(timeout);
        }

        void fail(Throwable error) {
            if (done.compareAndSet(false, true)) {
                cancelTimers();
                Future<Void> f = inFlight;
                if (f != null) {
                    f.cancel(true);
                }
                abort.abort();
                subscriber.onError(error);
            }
        }

        private void cancelTimers() {
            ScheduledFuture<?> w = watchdog;
            if (w != null) {
                w.cancel(false);
            }
        }

        @Override
        public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                FutureCallback<Void> resultCallback) throws HttpException, IOException {
            lastActivity = System.nanoTime();
            int status = response.getCode();
            Map<String, String> headers = headers(response.getHeaders());
            if (!done.get()) {
                opened = status >= 200 && status < 300;
                subscriber.onOpen(status, name -> headers.get(name.toLowerCase(Locale.ROOT)), this);
            }
            // the exchange is complete only at the end of the body: completing its future here, at the head, would
            // let HttpClient cancel a fast answer before execute() returned, and make StreamControl.cancel() a no-op
            this.resultCallback = resultCallback;
            if (entity == null) {
                finish();
            }
        }

        @Override
        public void informationResponse(HttpResponse response, HttpContext context) {
            // 1xx answers carry nothing for us
        }

        @Override
        public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
            synchronized (lock) {
                capacity = capacityChannel;
            }
            topUp();
        }

        @Override
        public void consume(ByteBuffer src) throws IOException {
            lastActivity = System.nanoTime();
            int n = src.remaining();
            synchronized (lock) {
                granted -= n;
            }
            if (done.get()) {
                src.position(src.limit());
                return;
            }
            synchronized (lock) {
                held += n;
            }
            subscriber.onData(src);
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
            finish();
        }

        private void finish() {
            if (done.compareAndSet(false, true)) {
                cancelTimers();
                subscriber.onComplete();
            }
            FutureCallback<Void> callback = resultCallback;
            resultCallback = null;
            if (callback != null) {
                callback.completed(null);
            }
        }

        @Override
        public void failed(Exception cause) {
            fail(mapFailure(cause, request, TimeoutKind.STREAM_IDLE));
        }

        @Override
        public void releaseResources() {
            cancelTimers();
        }

        @Override
        public void release(int bytes) {
            boolean wasPaused;
            synchronized (lock) {
                wasPaused = granted <= 0;
                held -= bytes;
            }
            if (wasPaused) {
                // the pause was ours: silence while paused is not the server's fault
                lastActivity = System.nanoTime();
            }
            topUp();
        }

        private void topUp() {
            CapacityChannel channel;
            int grant;
            synchronized (lock) {
                channel = capacity;
                long room = streamWindow - held;
                long free = room - granted;
                // HttpCore resumes reading on ANY positive update, even while its window stays negative: granting
                // a few released bytes after an overshoot would let it read a whole buffer more each time. So grant
                // only while the route has room, enough to make the window positive, and in sizeable steps.
                if (channel == null || room <= 0 || free <= 0 || (granted > 0 && free < streamWindow / 4)) {
                    return;
                }
                grant = (int) Math.min(Integer.MAX_VALUE, free);
                granted += grant;
            }
            try {
                channel.update(grant);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void cancel() {
            if (done.compareAndSet(false, true)) {
                cancelTimers();
                Future<Void> f = inFlight;
                if (f != null) {
                    f.cancel(true);
                }
                abort.abort();
            }
        }
    }
}
