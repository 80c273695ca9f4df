package io.github.camelai.component.baseten;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to do with one HTTP request to the webhook and answers it. It runs on the platform-http exchange
 * (the HTTP request) and hands an accepted delivery to a {@link RouteInvoker}, which runs the user's route on an
 * exchange of its own.
 * <p>
 * In order: a {@code Content-Length} or a body over {@code maxPayloadSize} is answered 413; a missing or wrong
 * {@code X-BASETEN-SIGNATURE} 401 (every {@code v1=} value is tried against every secret, in constant time); a
 * body that is not a delivery 400; a {@code time} further than {@code timestampTolerance} from the clock 401 (a
 * replayed old delivery); a {@code request_id} already processed 200 without running the route (Baseten must not
 * retry it). Otherwise the route runs: 200 when it completed, 500 when it failed, so Baseten delivers again.
 * <p>
 * A copy that arrives while the route is still running on an earlier copy waits, holding no thread, for that run's
 * outcome: 200 without running the route when it completed; when it failed, the copy is processed itself. Answering
 * the copy at once would lose the delivery when the earlier run then fails: a 200 would tell Baseten it arrived, and
 * Baseten does not promise to retry after a 503 either.
 * <p>
 * Idempotency: the request id is added to the repository before the route runs (so two concurrent copies cannot
 * both run it), confirmed when the route completed and removed when it failed, so the redelivery that the 500
 * asks for is processed. Answers are short fixed texts: they never echo the body, a header or a secret.
 * <p>
 * Baseten waits about 10 seconds for an answer per attempt. A route that takes longer is logged once, at WARN, with
 * the way out: hand the result to a durable queue and answer.
 */
public final class WebhookDeliveryProcessor extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryProcessor.class);

    /** Runs the route for an accepted delivery. */
    @FunctionalInterface
    public interface RouteInvoker {
        /**
         * @param delivery the verified delivery
         * @param done     called once, on any thread, with null when the route completed or with its failure
         */
        void deliver(WebhookDelivery delivery, Consumer<Throwable> done);
    }

    /** The outcome of checking a request: an HTTP answer, plus the delivery when the route should run. */
    public static final class Verdict {
        private final int status;
        private final String message;
        private final WebhookDelivery delivery;

        Verdict(int status, String message, WebhookDelivery delivery) {
            this.status = status;
            this.message = message;
            this.delivery = delivery;
        }

        /** @return the HTTP status to answer when {@link #delivery()} is null */
        public int status() {
            return status;
        }

        /** @return the answer text */
        public String message() {
            return message;
        }

        /** @return the accepted delivery, or null when the request was refused */
        public WebhookDelivery delivery() {
            return delivery;
        }

        @Override
        public String toString() {
            return status + " " + message;
        }
    }

    static final String OK = "Delivery processed";
    static final String DUPLICATE = "Duplicate delivery ignored";
    static final String MISSING_SIGNATURE = "Missing " + WebhookSignatureVerifier.SIGNATURE_HEADER + " header";
    static final String BAD_SIGNATURE = "Invalid webhook signature";
    static final String STALE = "Delivery time is outside the accepted tolerance";
    static final String ROUTE_FAILED = "The delivery could not be processed";
    /** How long Baseten waits for the answer to one delivery attempt. */
    static final Duration BASETEN_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final WebhookSignatureVerifier verifier;
    private final Duration tolerance;
    private final long maxPayloadSize;
    private final IdempotentRepository repository;
    private final Clock clock;
    private final RouteInvoker invoker;
    /** Request ids whose route is running, each with the outcome of that run (null: completed). */
    private final Map<String, CompletableFuture<Throwable>> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean slowRouteReported = new AtomicBoolean();
    private volatile Duration slowRouteThreshold = BASETEN_ATTEMPT_TIMEOUT;

    /**
     * @param verifier       checks signatures; null accepts unsigned deliveries (only when the user explicitly
     *                       allowed it)
     * @param tolerance      the largest accepted distance between the delivery's {@code time} and the clock; zero
     *                       or negative turns the check off
     * @param maxPayloadSize the largest accepted body in bytes
     * @param repository     remembers processed request ids
     * @param clock          the clock {@code time} is checked against
     * @param invoker        runs the route
     */
    public WebhookDeliveryProcessor(WebhookSignatureVerifier verifier, Duration tolerance, long maxPayloadSize,
                                    IdempotentRepository repository, Clock clock, RouteInvoker invoker) {
        if (maxPayloadSize <= 0) {
            throw new IllegalArgumentException("maxPayloadSize must be positive, got " + maxPayloadSize);
        }
        this.verifier = verifier;
        this.tolerance = tolerance == null ? Duration.ZERO : tolerance;
        this.maxPayloadSize = maxPayloadSize;
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /**
     * Checks size, signature, shape and time of a request whose body was already read (at most
     * {@code maxPayloadSize + 1} bytes of it).
     *
     * @param  contentLength the {@code Content-Length} header value, or null
     * @param  raw           the body bytes; more than {@code maxPayloadSize} means too large
     * @param  signature     the {@code X-BASETEN-SIGNATURE} header value, or null
     * @return               the verdict; it carries the delivery when the route should run
     */
    public Verdict check(Object contentLength, byte[] raw, String signature) {
        Long declared = contentLength(contentLength);
        if (declared != null && declared > maxPayloadSize || raw != null && raw.length > maxPayloadSize) {
            return new Verdict(413, "Payload larger than " + maxPayloadSize + " bytes", null);
        }
        byte[] body = raw == null ? new byte[0] : raw;
        if (verifier != null) {
            if (signature == null || signature.isBlank()) {
                return new Verdict(401, MISSING_SIGNATURE, null);
            }
            if (!verifier.verify(body, signature)) {
                return new Verdict(401, BAD_SIGNATURE, null);
            }
        }
        WebhookDelivery delivery;
        try {
            delivery = WebhookDelivery.parse(body);
        } catch (IllegalArgumentException e) {
            // The messages of parse() describe the problem without quoting the body.
            return new Verdict(400, e.getMessage(), null);
        }
        if (!tolerance.isNegative() && !tolerance.isZero()) {
            Instant now = clock.instant();
            Duration skew = Duration.between(delivery.time(), now).abs();
            if (skew.compareTo(tolerance) > 0) {
                return new Verdict(401, STALE, null);
            }
        }
        return new Verdict(200, OK, delivery);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getMessage();
        Verdict verdict;
        try {
            Object declared = in.getHeader("Content-Length");
            Long length = contentLength(declared);
            byte[] raw = length != null && length > maxPayloadSize ? null : readBody(in);
            verdict = raw == null
                    ? new Verdict(413, "Payload larger than " + maxPayloadSize + " bytes", null)
                    : check(declared, raw, signatureHeader(in.getHeader(WebhookSignatureVerifier.SIGNATURE_HEADER)));
        } catch (Exception e) {
            LOG.warn("Cannot read a webhook request: {}", e.getClass().getName());
            verdict = new Verdict(400, "The request body cannot be read", null);
        }
        if (verdict.delivery() == null) {
            if (verdict.status() == 401) {
                LOG.warn("Webhook request refused: {}", verdict.message());
            } else {
                LOG.debug("Webhook request refused: {}", verdict);
            }
            respond(exchange, verdict.status(), verdict.message());
            callback.done(true);
            return true;
        }
        return run(exchange, callback, verdict.delivery());
    }

    private boolean run(Exchange exchange, AsyncCallback callback, WebhookDelivery delivery) {
        String id = delivery.requestId();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        CompletableFuture<Throwable> earlier = inFlight.putIfAbsent(id, outcome);
        if (earlier != null) {
            LOG.debug("Webhook delivery {} arrived again while being processed; it waits for that run's outcome", id);
            earlier.thenAccept(failure -> {
                if (failure == null) {
                    respond(exchange, 200, DUPLICATE);
                    callback.done(false);
                } else {
                    // the earlier run failed and forgot the id: this copy is the redelivery
                    run(exchange, callback, delivery);
                }
            });
            return false;
        }
        boolean fresh;
        try {
            fresh = take(id);
        } catch (RuntimeException e) {
            LOG.warn("The idempotent repository failed for webhook delivery {}: {}", id, e.toString());
            respond(exchange, 500, ROUTE_FAILED);
            finishRun(id, outcome, e);
            callback.done(false);
            return false;
        }
        if (!fresh) {
            LOG.debug("Webhook delivery {} was already processed; dropped", id);
            respond(exchange, 200, DUPLICATE);
            finishRun(id, outcome, null);
            callback.done(false);
            return false;
        }
        long start = System.nanoTime();
        try {
            invoker.deliver(delivery, failure -> complete(exchange, callback, id, outcome, start, failure));
        } catch (Throwable t) {
            complete(exchange, callback, id, outcome, start, t);
        }
        return false;
    }

    /**
     * Adds the id to the repository: true when this copy won it. A repository on a table whose key is the id (a JDBC
     * one shared by replicas) lets two replicas race to insert the same id; the one that loses gets the database's
     * duplicate-key error instead of {@code false}. The id being there then means another replica holds it: this
     * copy is a duplicate, not a failure to answer 500 for.
     */
    private boolean take(String id) {
        RuntimeException failure = null;
        // the id can change hands between the calls (the other replica's run fails and gives it back, its
        // redelivery takes it again): a few rounds settle who holds it
        for (int round = 0; round < 3; round++) {
            try {
                return repository.add(id);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            boolean held;
            try {
                held = repository.contains(id);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
                throw failure;
            }
            if (held) {
                LOG.debug("Webhook delivery {} was taken by another replica at the same moment ({})", id,
                        failure.getClass().getName());
                return false;
            }
        }
        throw failure;
    }

    private void complete(Exchange exchange, AsyncCallback callback, String id, CompletableFuture<Throwable> outcome,
                          long start, Throwable failure) {
        reportIfSlow(Duration.ofNanos(System.nanoTime() - start));
        try {
            if (failure == null) {
                try {
                    repository.confirm(id);
                } catch (RuntimeException e) {
                    // The route did its work; answering 500 would make Baseten deliver it twice.
                    LOG.warn("The idempotent repository could not confirm webhook delivery {}: {}", id, e.toString());
                }
                respond(exchange, 200, OK);
            } else {
                try {
                    repository.remove(id);
                } catch (RuntimeException e) {
                    LOG.warn("The idempotent repository could not forget failed webhook delivery {}: {}", id,
                            e.toString());
                }
                LOG.warn("The route failed on webhook delivery {}; answering 500 so Baseten delivers it again: {}", id,
                        failure.getClass().getName());
                respond(exchange, 500, ROUTE_FAILED);
            }
        } finally {
            finishRun(id, outcome, failure);
            callback.done(false);
        }
    }

    /** Ends a run: copies waiting for it learn its outcome, after the id is free for them to run again. */
    private void finishRun(String id, CompletableFuture<Throwable> outcome, Throwable failure) {
        inFlight.remove(id, outcome);
        outcome.complete(failure);
    }

    private void reportIfSlow(Duration took) {
        Duration threshold = slowRouteThreshold;
        if (took.compareTo(threshold) > 0 && slowRouteReported.compareAndSet(false, true)) {
            LOG.warn("The route took {} ms on a webhook delivery; Baseten waits about {} s for the answer and delivers"
                     + " again when it does not come. Hand the result to a durable queue (Kafka, JMS, a database) and"
                     + " let the route end there; see docs/reliability.md. Logged once per route.",
                    took.toMillis(), BASETEN_ATTEMPT_TIMEOUT.toSeconds());
        }
    }

    /** For tests: the route duration above which the slow-route warning is logged. */
    void setSlowRouteThreshold(Duration threshold) {
        this.slowRouteThreshold = threshold;
    }

    /** For tests: whether the slow-route warning was logged. */
    boolean slowRouteReported() {
        return slowRouteReported.get();
    }

    /** Reads at most {@code maxPayloadSize + 1} bytes; null means the body is larger than allowed. */
    private byte[] readBody(Message in) throws IOException {
        Object body = in.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes.length > maxPayloadSize ? null : bytes;
        }
        InputStream stream = in.getBody(InputStream.class);
        if (stream == null) {
            byte[] bytes = in.getBody(byte[].class);
            return bytes == null ? new byte[0] : bytes.length > maxPayloadSize ? null : bytes;
        }
        try (InputStream s = stream) {
            byte[] bytes = s.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxPayloadSize + 1));
            return bytes.length > maxPayloadSize ? null : bytes;
        }
    }

    /**
     * The signature header as one comma-separated value. A sender may repeat the header instead of joining its
     * values with commas (the same thing in HTTP); the server then hands over a list, whose {@code toString()}
     * would garble the first and last value.
     */
    static String signatureHeader(Object value) {
        if (value instanceof Iterable<?> values) {
            StringBuilder sb = new StringBuilder();
            for (Object v : values) {
                if (v != null) {
                    sb.append(sb.length() > 0 ? "," : "").append(v);
                }
            }
            return sb.toString();
        }
        if (value instanceof Object[] values) {
            return signatureHeader(java.util.Arrays.asList(values));
        }
        return value == null ? null : value.toString();
    }

    private static Long contentLength(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Replaces the whole message: no request header goes back out in the answer. */
    static void respond(Exchange exchange, int status, String text) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        out.setBody(text);
    }

    /** @return the settings, never a secret */
    @Override
    public String toString() {
        return "WebhookDeliveryProcessor[signed=" + (verifier != null) + ", tolerance=" + tolerance + ", maxPayloadSize="
               + maxPayloadSize + "]";
    }
}
