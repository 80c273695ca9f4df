package io.github.camelai.llm.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.camelai.llm.error.ErrorParser;
import io.github.camelai.llm.error.LlmApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an endpoint calls: one service's credentials, retry policy, time limits and concurrency cap on top of
 * the component's shared {@link LlmTransport}. Non-2xx answers become typed exceptions; retryable failures are
 * retried after a delay that blocks no thread.
 */
public final class LlmHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(LlmHttpClient.class);

    private final ServiceDescriptor service;
    private final LlmTransport transport;
    private final AuthProvider auth;
    private final RetryPolicy retryPolicy;
    private final Timeouts timeouts;
    private final ConcurrencyLimiter limiter;
    private final ScheduledExecutorService scheduler;

    /** A client for a service whose request id is in {@value ServiceDescriptor#REQUEST_ID}. */
    public LlmHttpClient(String provider, LlmTransport transport, AuthProvider auth, RetryPolicy retryPolicy,
                         Timeouts timeouts, ConcurrencyLimiter limiter, ScheduledExecutorService scheduler) {
        this(ServiceDescriptor.named(provider), transport, auth, retryPolicy, timeouts, limiter, scheduler);
    }

    public LlmHttpClient(ServiceDescriptor service, LlmTransport transport, AuthProvider auth, RetryPolicy retryPolicy,
                         Timeouts timeouts, ConcurrencyLimiter limiter, ScheduledExecutorService scheduler) {
        this.service = service;
        this.transport = transport;
        this.auth = auth;
        this.retryPolicy = retryPolicy;
        this.timeouts = timeouts;
        this.limiter = limiter;
        this.scheduler = scheduler;
    }

    public String provider() {
        return service.name();
    }

    /** The retry policy; its longest wait also caps the redelivery delay a failed exchange asks Camel for. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Sends a request and completes with its 2xx answer, or fails with an
     * {@link io.github.camelai.llm.error.LlmException} once retries are spent.
     */
    public CompletableFuture<LlmHttpResponse> send(LlmHttpRequest request) {
        CompletableFuture<LlmHttpResponse> result = new CompletableFuture<>();
        CallAttempts attempts = new CallAttempts();
        limiter.submit(() -> attempt(request, 0, attempts, result));
        result.whenComplete((r, e) -> limiter.release());
        return result;
    }

    private void attempt(LlmHttpRequest request, int retriesDone, CallAttempts attempts,
                         CompletableFuture<LlmHttpResponse> result) {
        CompletableFuture<LlmHttpRequest> authorized = authorize(request);
        CompletableFuture<LlmHttpResponse> answer = authorized.isDone() && !authorized.isCompletedExceptionally()
                // a fixed key or a cached token: straight to the transport, no extra stage per call
                ? sendAuthorized(authorized.join())
                : authorized.thenCompose(this::sendAuthorized);
        answer.whenComplete((resp, error) -> {
            if (error == null) {
                result.complete(resp);
                return;
            }
            Throwable cause = unwrap(error);
            attempts.failed(cause);
            if (retriesDone < retryPolicy.maxRetries() && retryPolicy.isRetryable(cause)) {
                Duration delay = retryPolicy.delayBeforeRetry(retriesDone + 1, retryAfter(cause));
                LOG.debug("{} call {} failed ({}); retry {} of {} in {} ms", service.name(), request, cause.getMessage(),
                        retriesDone + 1, retryPolicy.maxRetries(), delay.toMillis());
                scheduler.schedule(() -> attempt(request, retriesDone + 1, attempts, result), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(attempts.summarize(cause, retriesDone));
            }
        });
    }

    /**
     * Streams a request's answer to {@code subscriber}. Failures before the first byte (429, 503, connect errors)
     * are retried like {@link #send}; once bytes have been handed on, a failure ends the stream.
     */
    public void stream(LlmHttpRequest request, StreamSubscriber subscriber) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable releaseSlot = () -> {
            if (released.compareAndSet(false, true)) {
                limiter.release();
            }
        };
        CallAttempts attempts = new CallAttempts();
        limiter.submit(() -> streamAttempt(request, 0, attempts, subscriber, releaseSlot));
    }

    private void streamAttempt(LlmHttpRequest request, int retriesDone, CallAttempts attempts, StreamSubscriber subscriber,
                               Runnable releaseSlot) {
        authorize(request).whenComplete((authorized, authError) -> {
            if (authError != null) {
                releaseSlot.run();
                subscriber.onError(unwrap(authError));
                return;
            }
            try {
                transport.stream(authorized, timeouts, relay(request, retriesDone, attempts, subscriber, releaseSlot,
                        authorized));
            } catch (RuntimeException e) {
                // a request the transport cannot even start (a malformed URI): end the stream, free the slot
                releaseSlot.run();
                subscriber.onError(e);
            }
        });
    }

    private StreamSubscriber relay(LlmHttpRequest request, int retriesDone, CallAttempts attempts, StreamSubscriber subscriber,
                               Runnable releaseSlot, LlmHttpRequest authorized) {
        return new StreamSubscriber() {
            private volatile boolean opened;
            private ErrorAnswer rejected;
            private StreamControl control;

            @Override
            public void onOpen(int status, Function<String, String> headers, StreamControl control) {
                if (!successful(status)) {
                    // read to its end and reported like a buffered answer; the subscriber never sees it open
                    rejected = new ErrorAnswer(status, headers);
                    this.control = control;
                    return;
                }
                opened = true;
                // a stream its reader cancels gets neither onComplete nor onError: its slot is freed here
                subscriber.onOpen(status, headers, new StreamControl() {
                    @Override
                    public void release(int bytes) {
                        control.release(bytes);
                    }

                    @Override
                    public void cancel() {
                        control.cancel();
                        releaseSlot.run();
                    }
                });
            }

            @Override
            public void onData(ByteBuffer data) {
                if (rejected != null) {
                    int n = data.remaining();
                    rejected.append(data);
                    control.release(n);
                    return;
                }
                subscriber.onData(data);
            }

            @Override
            public void onComplete() {
                if (rejected != null) {
                    fail(rejection(rejected.status(), rejected.headers(), rejected.body(), authorized));
                    return;
                }
                releaseSlot.run();
                subscriber.onComplete();
            }

            @Override
            public void onError(Throwable error) {
                fail(error);
            }

            private void fail(Throwable error) {
                attempts.failed(error);
                if (!opened && retriesDone < retryPolicy.maxRetries() && retryPolicy.isRetryable(error)) {
                    Duration delay = retryPolicy.delayBeforeRetry(retriesDone + 1, retryAfter(error));
                    scheduler.schedule(() -> streamAttempt(request, retriesDone + 1, attempts, subscriber, releaseSlot),
                            delay.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                releaseSlot.run();
                subscriber.onError(attempts.summarize(error, retriesDone));
            }
        };
    }

    /** Sends an authorized request; a non-2xx answer completes it with the typed exception. */
    private CompletableFuture<LlmHttpResponse> sendAuthorized(LlmHttpRequest r) {
        CompletableFuture<LlmHttpResponse> sent;
        try {
            sent = transport.send(r, timeouts);
        } catch (RuntimeException e) {
            // as a failed answer, so it is retried or reported like one
            return CompletableFuture.failedFuture(e);
        }
        return sent.thenApply(resp -> {
            if (successful(resp.status())) {
                return resp;
            }
            throw rejection(resp.status(), resp::header, resp.body(), r);
        });
    }

    private CompletableFuture<LlmHttpRequest> authorize(LlmHttpRequest request) {
        CompletableFuture<String> value = auth.authorization();
        if (value.isDone() && !value.isCompletedExceptionally()) {
            // a fixed key or a cached token: no extra stage per call
            return CompletableFuture.completedFuture(withAuthorization(request, value.join()));
        }
        return value.thenApply(v -> withAuthorization(request, v));
    }

    private static LlmHttpRequest withAuthorization(LlmHttpRequest request, String authorization) {
        return authorization == null ? request : request.withHeader("Authorization", authorization);
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }

    /** The one place a non-2xx answer, buffered or streamed, becomes a typed exception. */
    private LlmApiException rejection(int status, Function<String, String> headers, byte[] body,
                                      LlmHttpRequest authorized) {
        if (status == 401) {
            auth.unauthorized(authorized.headers().get("Authorization"));
        }
        return ErrorParser.parse(service.name(), status, body, headers.apply("content-type"),
                service.requestId(headers)).withRetryAfter(headers.apply("retry-after"));
    }

    private static String retryAfter(Throwable error) {
        return error instanceof LlmApiException api ? api.getRetryAfter() : null;
    }

    private static Throwable unwrap(Throwable error) {
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
