package io.github.camelai.component.baseten;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.support.BodyTexts;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.RequestBodies;
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
        List<String> texts = rerankTexts(RequestBodies.read(in, "rerank"));
        String query = stringHeader(in, BasetenConstants.QUERY, cfg.getQuery());
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("rerank needs a query: set the query option or the "
                                               + BasetenConstants.QUERY + " header");
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("query", query);
        req.put("texts", texts);
        putScoringOptions(req, cfg);
        putIfSet(req, "return_text", cfg.getReturnText());
        o.additional().forEach(req::putIfAbsent);
        LlmHttpRequest request = LlmCalls.request(endpoint.target().rerankUrl(), req, extraHeaders(in));
        return endpoint.calls().call(exchange, callback, request,
                (out, response) -> out.setBody(RerankAnswer.read(response, texts.size())));
    }

    private static List<String> rerankTexts(Object body) {
        List<String> texts = BodyTexts.texts(body, "rerank", true);
        if (texts == null) {
            throw ChatRequests.unsupported("rerank", body,
                    "a List, array or other Collection of String (the texts to rank against the query)");
        }
        return texts;
    }
}
