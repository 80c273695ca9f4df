package io.github.camelai.component.baseten;

import io.github.camelai.llm.model.EmbeddingRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.RequestBodies;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** {@code baseten:embedding}: embeddings, a long input list sent as concurrent batches. */
final class BasetenEmbeddingProducer extends AbstractBasetenProducer {

    BasetenEmbeddingProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) {
        BasetenEndpoint endpoint = getEndpoint();
        Message in = exchange.getMessage();
        return endpoint.calls().embedding(exchange, callback, endpoint.target().syncV1Url("embeddings"),
                extraHeaders(in, endpoint.getConfiguration()), RequestBodies.read(in, "embedding"), o, endpoint.getConfiguration().getBatchSize(),
                input -> {
                    EmbeddingRequest req = ChatRequests.embedding(input, o);
                    req.setModel(modelOrPlaceholder(req.getModel()));
                    return req;
                });
    }
}
