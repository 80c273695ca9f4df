package io.github.camelai.llm.support;

import java.time.Clock;
import java.time.Duration;

import io.github.camelai.llm.error.LlmApiException;
import io.github.camelai.llm.http.RetryAfter;
import org.apache.camel.Exchange;

/**
 * Passes a service's {@code Retry-After} on to Camel's error handler. When a call finally fails with 429 or 503
 * (after the endpoint's own retries) and the answer said how long to wait, the exchange gets header
 * {@link Exchange#REDELIVERY_DELAY} in milliseconds, which Camel's redelivery uses instead of the route's own
 * delay. The wait is capped at {@code retryMaxDelay}, as the endpoint's own retries are: Camel does not cap a
 * delay given by this header.
 */
final class RedeliveryDelay {

    /** Marks a header this class set, so that a later outcome without a wait removes it. */
    static final String SET_PROPERTY = "CamelLlmRedeliveryDelaySet";

    private RedeliveryDelay() {
    }

    static void apply(Exchange exchange, Duration cap) {
        Long millis = millis(exchange.getException(), cap);
        if (millis != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, millis);
            exchange.setProperty(SET_PROPERTY, true);
        } else if (exchange.removeProperty(SET_PROPERTY) != null) {
            // the delay a previous attempt asked for does not apply to this outcome
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    /** The wait the service asked for, or {@code null} when this failure carries none. */
    static Long millis(Throwable failure, Duration cap) {
        if (!(failure instanceof LlmApiException api) || (api.getStatusCode() != 429 && api.getStatusCode() != 503)) {
            return null;
        }
        Duration wait = RetryAfter.parse(api.getRetryAfter(), Clock.systemUTC());
        if (wait == null) {
            return null;
        }
        return (cap != null && wait.compareTo(cap) > 0 ? cap : wait).toMillis();
    }
}
