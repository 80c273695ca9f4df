package io.github.camelai.llm.model;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An embeddings response: {@code data[{index, embedding}]} and usage. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class EmbeddingResponse extends ModelResponse {

    private List<Embedding> data;

    public List<Embedding> getData() {
        return data;
    }

    public void setData(List<Embedding> data) {
        this.data = data;
    }

    /** One vector and the index of the input it belongs to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class Embedding extends JsonExtensible {
        private String object;
        private Integer index;
        private float[] embedding;

        public String getObject() {
            return object;
        }

        public void setObject(String object) {
            this.object = object;
        }

        public Integer getIndex() {
            return index;
        }

        public void setIndex(Integer index) {
            this.index = index;
        }

        public float[] getEmbedding() {
            return embedding;
        }

        public void setEmbedding(float[] embedding) {
            this.embedding = embedding;
        }
    }

}
