package io.github.camelai.llm.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter.Permit;
import io.github.camelai.llm.error.ErrorParser;
import io.github.camelai.llm.error.LlmApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an endpoint calls: one service's credentials, retry policy, time limits and concurrency cap on top of
 * the component's shared {@link LlmTransport}. Non-2xx answers become typed exceptions; retryable failures are
 * retried after a delay that blocks no thread. With an adaptive limit, a call the service refuses as overloaded
 * (429, 503) gives its slot back and lines up again instead (see {@link ConcurrencyLimiter}).
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
    private final RequestGate quota;

    /** A client for a service whose request id is in {@value ServiceDescriptor#REQUEST_ID}. */
    public LlmHttpClient(String provider, LlmTransport transport, AuthProvider auth, RetryPolicy retryPolicy,
                         Timeouts timeouts, ConcurrencyLimiter limiter, ScheduledExecutorService scheduler) {
        this(ServiceDescriptor.named(provider), transport, auth, retryPolicy, timeouts, limiter, scheduler);
    }

    public LlmHttpClient(ServiceDescriptor service, LlmTransport transport, AuthProvider auth, RetryPolicy retryPolicy,
                         Timeouts timeouts, ConcurrencyLimiter limiter, ScheduledExecutorService scheduler) {
        this(service, transport, auth, retryPolicy, timeouts, limiter, scheduler, RequestGate.OPEN);
    }

    /** @param quota what each request (and each retry) passes before it is sent */
    public LlmHttpClient(ServiceDescriptor service, LlmTransport transport, AuthProvider auth, RetryPolicy retryPolicy,
                         Timeouts timeouts, ConcurrencyLimiter limiter, ScheduledExecutorService scheduler,
                         RequestGate quota) {
        this.quota = quota;
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

    /** What each request passes before it is sent: its quota, or {@link RequestGate#OPEN}. */
    public RequestGate quota() {
        return quota;
    }

    /** The endpoint's cap on calls in flight (its current limit is a gauge). */
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    /**
     * Sends a request and completes with its 2xx answer, or fails with an
     * {@link io.github.camelai.llm.error.LlmException} once retries are spent.
     */
    public CompletableFuture<LlmHttpResponse> send(LlmHttpRequest request) {
        CompletableFuture<LlmHttpResponse> result = new CompletableFuture<>();
        // the quota first: a call waiting its turn holds no concurrency slot
        afterQuota(quota.admit(request), result::completeExceptionally, () -> {
            CallAttempts attempts = new CallAttempts();
            limiter.submit(permit -> attempt(request, 0, attempts, result, permit));
        });
        return result;
    }

    /**
     * The answer to {@code request} reported {@code tokens} tokens (negative: none reported): its quota replaces the
     * request's estimate with them.
     */
    public void tokensUsed(LlmHttpRequest request, long tokens) {
        quota.tokensUsed(request, tokens);
    }

    /** Runs {@code then} once the quota admits the request: at once when it may go now, else when its turn comes. */
    private static void afterQuota(CompletableFuture<Void> admitted, Consumer<Throwable> refused, Runnable then) {
        if (admitted.isDone() && !admitted.isCompletedExceptionally()) {
            then.run();
            return;
        }
        admitted.whenComplete((v, error) -> {
            if (error != null) {
                refused.accept(unwrap(error));
            } else {
                then.run();
            }
        });
    }

    private void attempt(LlmHttpRequest request, int retriesDone, CallAttempts attempts,
                         CompletableFuture<LlmHttpResponse> result, Permit permit) {
        if (retriesDone == 0) {
            attemptNow(request, retriesDone, attempts, result, permit);
            return;
        }
        // the service counts a retry as a request: it waits for a permit of the quota like the first attempt
        afterQuota(quota.admitRetry(request), e -> {
            permit.release();
            result.completeExceptionally(e);
        }, () -> attemptNow(request, retriesDone, attempts, result, permit));
    }

    private void attemptNow(LlmHttpRequest request, int retriesDone, CallAttempts attempts,
                            CompletableFuture<LlmHttpResponse> result, Permit permit) {
        CompletableFuture<LlmHttpRequest> authorized = authorize(request);
        CompletableFuture<LlmHttpResponse> answer = authorized.isDone() && !authorized.isCompletedExceptionally()
                // a fixed key or a cached token: straight to the transport, no extra stage per call
                ? sendAuthorized(authorized.join())
                : authorized.thenCompose(this::sendAuthorized);
        answer.whenComplete((resp, error) -> {
            if (error == null) {
                permit.succeeded();
                result.complete(resp);
                return;
            }
            Throwable cause = unwrap(error);
            attempts.failed(cause);
            if (retriesDone < retryPolicy.maxRetries() && retryPolicy.isRetryable(cause)) {
                retry(request, cause, retriesDone, permit, next -> attempt(request, retriesDone + 1, attempts, result, next));
            } else {
                end(permit, cause);
                result.completeExceptionally(attempts.summarize(cause, retriesDone));
            }
        });
    }

    /**
     * Streams a request's answer to {@code subscriber}. Failures before the first byte (429, 503, connect errors)
     * are retried like {@link #send}; once bytes have been handed on, a failure ends the stream.
     */
    public void stream(LlmHttpRequest request, StreamSubscriber subscriber) {
        afterQuota(quota.admit(request), subscriber::onError, () -> {
            CallAttempts attempts = new CallAttempts();
            limiter.submit(permit -> streamAttempt(request, 0, attempts, subscriber, permit));
        });
    }

    private void streamAttempt(LlmHttpRequest request, int retriesDone, CallAttempts attempts, StreamSubscriber subscriber,
                               Permit permit) {
        if (retriesDone == 0) {
            streamAttemptNow(request, retriesDone, attempts, subscriber, permit);
            return;
        }
        // as for a buffered call: a retry waits for a request permit
        afterQuota(quota.admitRetry(request), e -> {
            permit.release();
            subscriber.onError(e);
        }, () -> streamAttemptNow(request, retriesDone, attempts, subscriber, permit));
    }

    private void streamAttemptNow(LlmHttpRequest request, int retriesDone, CallAttempts attempts, StreamSubscriber subscriber,
                                  Permit permit) {
        authorize(request).whenComplete((authorized, authError) -> {
            if (authError != null) {
                permit.release();
                subscriber.onError(unwrap(authError));
                return;
            }
            try {
                transport.stream(authorized, timeouts, relay(request, retriesDone, attempts, subscriber, permit,
                        authorized));
            } catch (RuntimeException e) {
                // a request the transport cannot even start (a malformed URI): end the stream, free the slot
                permit.release();
                subscriber.onError(e);
            }
        });
    }

    private StreamSubscriber relay(LlmHttpRequest request, int retriesDone, CallAttempts attempts, StreamSubscriber subscriber,
                               Permit permit, LlmHttpRequest authorized) {
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
                        permit.release();
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
                permit.succeeded();
                subscriber.onComplete();
            }

            @Override
            public void onError(Throwable error) {
                fail(error);
            }

            private void fail(Throwable error) {
                attempts.failed(error);
                if (!opened && retriesDone < retryPolicy.maxRetries() && retryPolicy.isRetryable(error)) {
                    retry(request, error, retriesDone, permit,
                            next -> streamAttempt(request, retriesDone + 1, attempts, subscriber, next));
                    return;
                }
                if (opened) {
                    // the service took the call; how it broke off says nothing of its capacity
                    permit.release();
                } else {
                    end(permit, error);
                }
                subscriber.onError(attempts.summarize(error, retriesDone));
            }
        };
    }

    /**
     * Sends a call again after a retryable failure. With an adaptive limit, an overload (429, 503) gives the call's
     * slot back and lowers the limit, and the call waits in line for a slot again: it goes as soon as the lower
     * limit lets it, or after {@code Retry-After} when the service sent one, or after the back-off when the limit
     * could not drop any further. Any other retry keeps its slot over the back-off, as with a fixed cap.
     */
    private void retry(LlmHttpRequest request, Throwable cause, int retriesDone, Permit permit, Consumer<Permit> again) {
        String retryAfter = retryAfter(cause);
        if (limiter.isAdaptive() && overload(cause)) {
            boolean lowered = permit.overloaded();
            Duration delay = lowered && retryAfter == null ? Duration.ZERO
                    : retryPolicy.delayBeforeRetry(retriesDone + 1, retryAfter);
            LOG.debug("{} call {} refused ({}); limit now {}, retry {} of {} {}", service.name(), request,
                    cause.getMessage(), limiter.limit(), retriesDone + 1, retryPolicy.maxRetries(),
                    delay.isZero() ? "when a slot frees" : "in " + delay.toMillis() + " ms, then when a slot frees");
            if (delay.isZero()) {
                limiter.resubmit(again);
            } else {
                scheduler.schedule(() -> limiter.resubmit(again), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        Duration delay = retryPolicy.delayBeforeRetry(retriesDone + 1, retryAfter);
        LOG.debug("{} call {} failed ({}); retry {} of {} in {} ms", service.name(), request, cause.getMessage(),
                retriesDone + 1, retryPolicy.maxRetries(), delay.toMillis());
        scheduler.schedule(() -> again.accept(permit), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends a failed call's slot, telling the limit when the service refused it as overloaded. */
    private static void end(Permit permit, Throwable cause) {
        if (overload(cause)) {
            permit.overloaded();
        } else {
            permit.release();
        }
    }

    /** 429 and 503: the answers that say the service has too much to do now. */
    private static boolean overload(Throwable error) {
        return error instanceof LlmApiException api && (api.getStatusCode() == 429 || api.getStatusCode() == 503);
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
