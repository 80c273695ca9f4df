package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.LlmJson;

import static io.github.camelai.component.baseten.AbstractBasetenProducer.abbreviate;

/** A rerank answer as the body a route gets. */
final class RerankAnswer {

    private RerankAnswer() {
    }

    /** {@code [{index, score, text?}]}, best first; also accepts the list wrapped in {@code data} or {@code results}. */
    static List<Map<String, Object>> read(LlmHttpResponse response, int inputs) {
        JsonNode root;
        try {
            root = LlmJson.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new LlmException("Cannot read the rerank answer: " + e.getMessage(), e);
        }
        JsonNode items = root;
        if (root != null && root.isObject()) {
            items = root.has("data") ? root.get("data") : root.get("results");
        }
        if (items == null || !items.isArray()) {
            throw new LlmException("The rerank answer is not a list of {index, score}: "
                                   + abbreviate(response.bodyAsString()));
        }
        List<Map<String, Object>> result = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            JsonNode index = item.get("index");
            JsonNode score = item.has("score") ? item.get("score") : item.get("relevance_score");
            if (index == null || !index.canConvertToInt() || score == null || !score.isNumber()) {
                throw new LlmException("The rerank answer has an item without a numeric index and score: "
                                       + abbreviate(item.toString()));
            }
            if (index.asInt() < 0 || index.asInt() >= inputs) {
                throw new LlmException("The rerank answer has index " + index.asInt() + " for " + inputs + " texts");
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", index.asInt());
            r.put("score", score.asDouble());
            JsonNode text = item.get("text");
            if (text != null && text.isTextual()) {
                r.put("text", text.asText());
            }
            result.add(r);
        }
        result.sort(Comparator.comparing((Map<String, Object> m) -> (Double) m.get("score")).reversed());
        return result;
    }
}
