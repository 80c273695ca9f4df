package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.RequestBodies;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code baseten:classify}: labels texts with a BEI classification deployment ({@code *ForSequenceClassification}
 * models) at {@code {root}/sync/predict}. A {@code String} body is one text and gets one list of
 * {@code {label, score}}; a {@code List} of texts is a batch and gets one such list per text, in input order.
 */
final class BasetenClassifyProducer extends AbstractBasetenProducer {

    BasetenClassifyProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        BasetenEndpoint endpoint = getEndpoint();
        Message in = exchange.getMessage();
        BasetenConfiguration cfg = endpoint.getConfiguration();
        Object texts = ChatRequests.prompts(RequestBodies.read(in, "classify"), "classify");
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("inputs", inputs(texts));
        putScoringOptions(req, cfg);
        o.additional().forEach(req::putIfAbsent);
        LlmHttpRequest request = LlmCalls.request(endpoint.target().classifyUrl(), req, extraHeaders(in));
        int count = texts instanceof List<?> list ? list.size() : 1;
        boolean batch = texts instanceof List<?>;
        return endpoint.calls().call(exchange, callback, request,
                (out, response) -> out.setBody(ClassifyAnswer.read(response, count, batch)));
    }

    /**
     * One text goes out as a string. A batch goes out as a list of one-element lists: the engine reads a flat list
     * of two strings as one sentence pair, and refuses a longer one.
     */
    private static Object inputs(Object texts) {
        if (!(texts instanceof List<?> list)) {
            return texts;
        }
        List<List<Object>> batch = new ArrayList<>(list.size());
        for (Object text : list) {
            batch.add(List.of(text));
        }
        return batch;
    }
}
