package io.github.camelai.component.baseten;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * retry it); one that is being processed right now 503 (Baseten may try again later). Otherwise the route runs:
 * 200 when it completed, 500 when it failed, so Baseten delivers again.
 * <p>
 * Idempotency: the request id is added to the repository before the route runs (so two concurrent copies cannot
 * both run it), confirmed when the route completed and removed when it failed, so the redelivery that the 500
 * asks for is processed. Answers are short fixed texts: they never echo the body, a header or a secret.
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
    static final String IN_PROGRESS = "Delivery is being processed";
    static final String MISSING_SIGNATURE = "Missing " + WebhookSignatureVerifier.SIGNATURE_HEADER + " header";
    static final String BAD_SIGNATURE = "Invalid webhook signature";
    static final String STALE = "Delivery time is outside the accepted tolerance";
    static final String ROUTE_FAILED = "The delivery could not be processed";

    private final WebhookSignatureVerifier verifier;
    private final Duration tolerance;
    private final long maxPayloadSize;
    private final IdempotentRepository repository;
    private final Clock clock;
    private final RouteInvoker invoker;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

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
        WebhookDelivery delivery = verdict.delivery();
        String id = delivery.requestId();
        if (!inFlight.add(id)) {
            LOG.debug("Webhook delivery {} arrived again while being processed", id);
            respond(exchange, 503, IN_PROGRESS);
            callback.done(true);
            return true;
        }
        boolean fresh;
        try {
            fresh = repository.add(id);
        } catch (RuntimeException e) {
            inFlight.remove(id);
            LOG.warn("The idempotent repository failed for webhook delivery {}: {}", id, e.toString());
            respond(exchange, 500, ROUTE_FAILED);
            callback.done(true);
            return true;
        }
        if (!fresh) {
            inFlight.remove(id);
            LOG.debug("Webhook delivery {} was already processed; dropped", id);
            respond(exchange, 200, DUPLICATE);
            callback.done(true);
            return true;
        }
        try {
            invoker.deliver(delivery, failure -> complete(exchange, callback, id, failure));
        } catch (Throwable t) {
            complete(exchange, callback, id, t);
        }
        return false;
    }

    private void complete(Exchange exchange, AsyncCallback callback, String id, Throwable failure) {
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
            inFlight.remove(id);
            callback.done(false);
        }
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
