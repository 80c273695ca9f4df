package io.github.camelai.component.baseten;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * The synchronous operations: chat, completion, embedding, rerank and predict. Every call is asynchronous on the
 * wire; the exchange continues on the component's continuation executor.
 */
public class BasetenProducer extends DefaultAsyncProducer {

    private final BasetenEndpoint endpoint;

    public BasetenProducer(BasetenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public BasetenEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            switch (endpoint.getOperation()) {
                case CHAT:
                case COMPLETION:
                case EMBEDDING:
                case RERANK:
                case PREDICT:
                    throw new UnsupportedOperationException("not yet: baseten:" + endpoint.getOperation());
                default:
                    // async-* are served by BasetenAsyncProducer, webhook by BasetenWebhookConsumer
                    throw new UnsupportedOperationException("baseten:" + endpoint.getOperation()
                                                            + " is not a synchronous operation");
            }
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
