package io.github.camelai.llm.support;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Base of the producers of one operation family (chat, completion, embedding, ...): resolves the options in force
 * for the exchange (the endpoint's, with the exchange's override headers on top) and hands them to
 * {@link #send}. Anything {@code send} throws before the call is on its way, bad input included, fails the
 * exchange at once with that exception as its cause, before any HTTP call.
 */
public abstract class LlmProducer<E extends LlmEndpoint> extends DefaultAsyncProducer {

    private final E endpoint;

    protected LlmProducer(E endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public E getEndpoint() {
        return endpoint;
    }

    @Override
    public final boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            RequestOptions options = endpoint.requestOptions().withHeaders(exchange.getMessage(), endpoint.headers(),
                    exchange.getContext());
            return send(exchange, callback, options);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /**
     * Sends the exchange's request, asynchronously: returns {@code false} once the call is on its way (the
     * {@code callback} is then called when the exchange is done), as {@link org.apache.camel.AsyncProcessor} does.
     */
    protected abstract boolean send(Exchange exchange, AsyncCallback callback, RequestOptions options) throws Exception;
}
