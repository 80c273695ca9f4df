package io.github.camelai.llm.support;

import java.util.ArrayList;
import java.util.List;

import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.model.EmbeddingResponse;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.model.UsageSum;

/**
 * Puts the answers of an embedding call that went out in batches back together: the vectors in input order (each
 * answer's by its {@code index}, checked), the input tokens summed, the first model named.
 */
final class EmbeddingBatches {

    private EmbeddingBatches() {
    }

    /** The vectors of {@code inputs} inputs sent in batches of {@code batchSize}, one answer per batch, in order. */
    static List<float[]> vectors(List<EmbeddingResponse> answers, int batchSize, int inputs) {
        List<float[]> vectors = new ArrayList<>(inputs);
        for (int b = 0; b < answers.size(); b++) {
            int expected = Math.min(batchSize, inputs - b * batchSize);
            float[][] ordered = new float[expected][];
            List<EmbeddingResponse.Embedding> data = answers.get(b).getData() == null ? List.of() : answers.get(b).getData();
            for (int i = 0; i < data.size(); i++) {
                EmbeddingResponse.Embedding e = data.get(i);
                int index = e.getIndex() != null ? e.getIndex() : i;
                if (index < 0 || index >= expected) {
                    throw new LlmException("The embeddings answer has index " + index + " for a batch of " + expected
                                           + " inputs");
                }
                ordered[index] = e.getEmbedding();
            }
            for (int i = 0; i < expected; i++) {
                if (ordered[i] == null) {
                    throw new LlmException("The embeddings answer has no vector for input " + (b * batchSize + i));
                }
                vectors.add(ordered[i]);
            }
        }
        return vectors;
    }

    /** The input tokens of all batches; counts the service did not report stay absent rather than passing as 0. */
    static Usage usage(List<EmbeddingResponse> answers) {
        UsageSum usage = new UsageSum();
        answers.forEach(r -> usage.add(inputTokens(r.getUsage())));
        return usage.total();
    }

    static String model(List<EmbeddingResponse> answers) {
        return answers.stream().map(EmbeddingResponse::getModel).filter(m -> m != null).findFirst().orElse(null);
    }

    /** An embedding generates nothing: only its input tokens count, whatever else the service reported. */
    private static Usage inputTokens(Usage reported) {
        if (reported == null) {
            return null;
        }
        Usage u = new Usage();
        u.setPromptTokens(reported.getPromptTokens());
        u.setTotalTokens(reported.getTotalTokens());
        return u;
    }
}
