package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.RequestOptions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** {@code baseten:rerank}: scores a list of texts against a query. */
final class BasetenRerankProducer extends AbstractBasetenProducer {

    BasetenRerankProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected boolean send(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        BasetenEndpoint endpoint = getEndpoint();
        Message in = exchange.getMessage();
        BasetenConfiguration cfg = endpoint.getConfiguration();
        List<String> texts = rerankTexts(in.getBody());
        String query = stringHeader(in, BasetenConstants.QUERY, cfg.getQuery());
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("rerank needs a query: set the query option or the "
                                               + BasetenConstants.QUERY + " header");
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("query", query);
        req.put("texts", texts);
        putIfSet(req, "raw_scores", cfg.getRawScores());
        putIfSet(req, "return_text", cfg.getReturnText());
        putIfSet(req, "truncate", cfg.getTruncate());
        putIfSet(req, "truncation_direction", cfg.getTruncationDirection());
        o.additional().forEach(req::putIfAbsent);
        LlmHttpRequest request = LlmCalls.request(endpoint.target().rerankUrl(), req, extraHeaders(in));
        return endpoint.calls().call(exchange, callback, request,
                (out, response) -> out.setBody(RerankAnswer.read(response, texts.size())));
    }

    private static List<String> rerankTexts(Object body) {
        List<?> list;
        if (body instanceof List<?> l) {
            list = l;
        } else if (body instanceof String[] a) {
            list = List.of(a);
        } else {
            throw ChatRequests.unsupported("rerank", body, "List of String (the texts to rank against the query)");
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("The rerank body is an empty List: send at least one text");
        }
        List<String> texts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof CharSequence s)) {
                throw new IllegalArgumentException("Item " + i + " of the rerank body is not a String");
            }
            texts.add(s.toString());
        }
        return texts;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
