package io.github.camelai.llm.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelai.llm.error.LlmTimeoutException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Streams one answer to a subscriber with a byte window: bytes handed on count until released; the client's
 * capacity channel is only topped up to the window, so a slow route pauses the socket.
 */
final class StreamingConsumer implements AsyncResponseConsumer<Void>, StreamControl {

    // set explicitly on the client so the consumer knows the window HttpCore starts each response with
    static final int INITIAL_WINDOW = 64 * 1024;

    private final ScheduledExecutorService timer;
    private final int streamWindow;
    private final LlmHttpRequest request;
    private final Timeouts timeouts;
    private final StreamSubscriber subscriber;
    private final AtomicBoolean done = new AtomicBoolean();
    final Abort abort = new Abort();
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

    StreamingConsumer(LlmHttpRequest request, Timeouts timeouts, StreamSubscriber subscriber,
                      ScheduledExecutorService timer, int streamWindow) {
        this.timer = timer;
        this.streamWindow = streamWindow;
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
                        "Stream from " + TransportFailures.hostOf(request) + " was silent for more than streamIdleTimeout "
                                                                               + timeouts.streamIdle().toMillis()
                                                                               + " ms")
                : new LlmTimeoutException(LlmTimeoutException.Kind.REQUEST,
                        "No answer within requestTimeout " + timeouts.request().toMillis() + " ms from "
                                                             + request.method() + " " + request.uri());
        fail(timeout);
    }

    void fail(Throwable error) {
        if (stop()) {
            subscriber.onError(error);
        }
    }

    /** Ends the call once: timers, the client's future and the connection; {@code false} if it had ended. */
    private boolean stop() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        cancelTimers();
        Future<Void> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
        abort.abort();
        return true;
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
        Map<String, String> headers = HttpClient5Transport.headers(response.getHeaders());
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
        fail(TransportFailures.mapFailure(cause, request, timeouts, abort,
                TransportFailures.TimeoutKind.STREAM_IDLE));
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
        stop();
    }
}
