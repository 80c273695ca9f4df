package io.github.camelai.component.databricks;

import io.github.camelai.llm.model.EmbeddingRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/** {@code databricks-ai:embedding}: embeddings, with an optional instruction for the embedding model. */
final class DatabricksEmbeddingProducer extends DatabricksAiProducer {

    DatabricksEmbeddingProducer(DatabricksAiEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o, String model, Object body) {
        String instruction = exchange.getMessage().getHeader(DatabricksAiConstants.INSTRUCTION, String.class);
        String inst = instruction != null ? instruction : getEndpoint().getConfiguration().getInstruction();
        return getEndpoint().calls().embedding(exchange, callback, invocations(model), body, o,
                getEndpoint().getConfiguration().getBatchSize(), input -> {
                    EmbeddingRequest req = ChatRequests.embedding(input, o);
                    req.setModel(null);
                    if (inst != null && !inst.isEmpty() && !req.getAdditionalProperties().containsKey("instruction")) {
                        req.setAdditionalProperty("instruction", inst);
                    }
                    return req;
                });
    }
}
