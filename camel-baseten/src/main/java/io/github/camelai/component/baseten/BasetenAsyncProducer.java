package io.github.camelai.component.baseten;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Baseten async inference: {@code async-predict} submits a request and hands back its id at once,
 * {@code async-status} and {@code async-cancel} look up or cancel a request by id, {@code async-queue-status}
 * reads the deployment's queue. The model's output never comes back here: Baseten POSTs it to the webhook (see
 * {@link BasetenWebhookConsumer}).
 */
public class BasetenAsyncProducer extends DefaultAsyncProducer {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final BasetenEndpoint endpoint;
    private AsyncPredictRequest predictSettings;

    public BasetenAsyncProducer(BasetenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public BasetenEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.getOperation() == BasetenOperation.ASYNC_PREDICT) {
            // Out-of-range options fail the route at start, not the first exchange.
            predictSettings = AsyncPredictRequest.fromConfiguration(endpoint.getConfiguration());
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            BasetenTarget target = endpoint.target();
            switch (endpoint.getOperation()) {
                case ASYNC_PREDICT:
                    return asyncPredict(exchange, callback, target);
                case ASYNC_STATUS:
                    return byRequestId(exchange, callback, target, false);
                case ASYNC_CANCEL:
                    return byRequestId(exchange, callback, target, true);
                case ASYNC_QUEUE_STATUS:
                    return endpoint.calls().call(exchange, callback, LlmHttpRequest.get(target.asyncQueueStatusUrl()),
                            (out, response) -> {
                                Map<String, Object> answer = map(response, "the async queue status");
                                setIfPresent(out, BasetenConstants.MODEL_ID, answer.get("model_id"));
                                setIfPresent(out, BasetenConstants.DEPLOYMENT_ID, answer.get("deployment_id"));
                                out.setBody(answer);
                            });
                default:
                    throw new IllegalStateException("baseten:" + endpoint.getOperation() + " is not an async operation");
            }
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private boolean asyncPredict(Exchange exchange, AsyncCallback callback, BasetenTarget target) {
        byte[] json = predictSettings.withHeaders(exchange.getMessage()).toJson(exchange);
        LlmHttpRequest request = LlmHttpRequest.postJson(target.asyncPredictUrl(), json);
        return endpoint.calls().call(exchange, callback, request, (out, response) -> {
            JsonNode answer = LlmJson.read(response.body(), JsonNode.class, "the async-predict answer");
            JsonNode id = answer == null ? null : answer.get("request_id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new LlmException("Baseten answered async_predict with HTTP " + response.status()
                                       + " but without a request_id");
            }
            out.setHeader(BasetenConstants.ASYNC_REQUEST_ID, id.asText());
            out.setBody(id.asText());
        });
    }

    private boolean byRequestId(Exchange exchange, AsyncCallback callback, BasetenTarget target, boolean cancel) {
        String id = requestId(exchange.getMessage());
        // asyncRequestUrl validates the id: it may come from an untrusted header.
        String url = target.asyncRequestUrl(id);
        LlmHttpRequest request = cancel ? LlmHttpRequest.delete(url) : LlmHttpRequest.get(url);
        return endpoint.calls().call(exchange, callback, request, (out, response) -> {
            Map<String, Object> answer = map(response, cancel ? "the async cancel answer" : "the async status");
            out.setHeader(BasetenConstants.ASYNC_REQUEST_ID, id);
            if (!cancel) {
                setIfPresent(out, BasetenConstants.ASYNC_STATUS, answer.get("status"));
                setIfPresent(out, BasetenConstants.MODEL_ID, answer.get("model_id"));
                setIfPresent(out, BasetenConstants.DEPLOYMENT_ID, answer.get("deployment_id"));
            }
            out.setBody(answer);
        });
    }

    /** A non-blank String body wins; otherwise the {@code CamelBasetenAsyncRequestId} header. */
    static String requestId(Message in) {
        Object body = in.getBody();
        if (body instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        String header = in.getHeader(BasetenConstants.ASYNC_REQUEST_ID, String.class);
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("No async request id: send it as the String body or in header "
                                               + BasetenConstants.ASYNC_REQUEST_ID);
        }
        return header.trim();
    }

    private static Map<String, Object> map(LlmHttpResponse response, String what) {
        JsonNode node = LlmJson.read(response.body(), JsonNode.class, what);
        if (node == null || !node.isObject()) {
            throw new LlmException("Cannot read " + what + " from the service's answer: not a JSON object");
        }
        return LlmJson.MAPPER.convertValue(node, MAP);
    }

    private static void setIfPresent(Message out, String header, Object value) {
        if (value != null) {
            out.setHeader(header, value);
        }
    }
}
