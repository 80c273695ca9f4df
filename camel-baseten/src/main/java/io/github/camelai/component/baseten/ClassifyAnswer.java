package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.LlmJson;

import static io.github.camelai.component.baseten.AbstractBasetenProducer.abbreviate;

/** A classify answer as the body a route gets: per text, its labels as {@code {label, score}}, best first. */
final class ClassifyAnswer {

    private static final Comparator<Map<String, Object>> BEST_FIRST
            = Comparator.comparing((Map<String, Object> m) -> (Double) m.get("score")).reversed();

    private ClassifyAnswer() {
    }

    /**
     * Reads {@code [{label, score}, ...]} (one text) or {@code [[{label, score}, ...], ...]} (a batch); either shape
     * is accepted for either request, as long as there is one list per text.
     *
     * @param  inputs the number of texts sent
     * @param  batch  true when the body was a {@code List}: the answer is then a list of lists even for one text
     * @return        one list of labels (not a batch), or a list of them in input order (a batch)
     */
    static List<?> read(LlmHttpResponse response, int inputs, boolean batch) {
        JsonNode root;
        try {
            root = LlmJson.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new LlmException("Cannot read the classify answer: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new LlmException("The classify answer is not a list of {label, score}: "
                                   + abbreviate(response.bodyAsString()));
        }
        List<List<Map<String, Object>>> perText = new ArrayList<>();
        if (root.get(0).isArray()) {
            for (JsonNode labels : root) {
                perText.add(labels(labels));
            }
        } else {
            perText.add(labels(root));
        }
        if (perText.size() != inputs) {
            throw new LlmException("The classify answer has " + perText.size() + " results for " + inputs
                                   + (inputs == 1 ? " text" : " texts"));
        }
        return batch ? perText : perText.get(0);
    }

    private static List<Map<String, Object>> labels(JsonNode items) {
        if (!items.isArray()) {
            throw new LlmException("The classify answer mixes lists and labels: " + abbreviate(items.toString()));
        }
        List<Map<String, Object>> labels = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            JsonNode label = item.get("label");
            JsonNode score = item.get("score");
            if (label == null || !label.isTextual() || score == null || !score.isNumber()) {
                throw new LlmException("The classify answer has an item without a text label and a numeric score: "
                                       + abbreviate(item.toString()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", label.asText());
            m.put("score", score.asDouble());
            labels.add(m);
        }
        labels.sort(BEST_FIRST);
        return labels;
    }
}
