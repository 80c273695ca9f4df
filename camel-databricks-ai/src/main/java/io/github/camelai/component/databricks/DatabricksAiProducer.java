package io.github.camelai.component.databricks;

import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.LlmProducer;
import io.github.camelai.llm.support.RequestBodies;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Base of the producers of the databricks-ai operations, one per operation, chosen in
 * {@link DatabricksAiEndpoint#createProducer()}: every operation names a serving endpoint (the model), checked
 * here before any HTTP call, and reports the served model's name. No thread is held while the model works: the
 * exchange continues when the answer (or, for a streamed iterator, its start) is in.
 */
public abstract class DatabricksAiProducer extends LlmProducer<DatabricksAiEndpoint> {

    static final LlmHeaders HEADERS = DatabricksAiConstants.HEADERS;

    protected DatabricksAiProducer(DatabricksAiEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected final boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        String model = DatabricksUrls.checkName("serving endpoint name (model)", o.model());
        return send(exchange, callback, o, model,
                RequestBodies.read(exchange.getMessage(), getEndpoint().getOperation().name()));
    }

    /** Sends the request for {@code body} to serving endpoint {@code model}. */
    protected abstract boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o, String model, Object body)
            throws Exception;

    /** The invocations URL of a serving endpoint (and served model, when set). */
    String invocations(String model) {
        return getEndpoint().urls().invocations(model, getEndpoint().getConfiguration().getServedModel());
    }

    static void servedModel(Message out, LlmHttpResponse response) {
        String served = response.header("served-model-name");
        if (served != null) {
            out.setHeader(DatabricksAiConstants.SERVED_MODEL_NAME, served);
        }
    }
}
