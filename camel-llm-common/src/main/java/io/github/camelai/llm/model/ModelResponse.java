package io.github.camelai.llm.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The fields every OpenAI-style answer object carries: {@code id}, {@code object}, {@code created},
 * {@code model} and {@code usage}. Field names are snake case in subclasses' {@code @JsonNaming}; these five are
 * single words.
 */
@JsonPropertyOrder({ "id", "object", "created", "model" })
public abstract class ModelResponse extends JsonExtensible {

    private String id;
    private String object;
    private Long created;
    private String model;
    private Usage usage;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    /** The object type, e.g. {@code chat.completion} or {@code chat.completion.chunk}. */
    public String getObject() {
        return object;
    }

    public void setObject(String object) {
        this.object = object;
    }

    /** Unix seconds. */
    public Long getCreated() {
        return created;
    }

    public void setCreated(Long created) {
        this.created = created;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Usage getUsage() {
        return usage;
    }

    public void setUsage(Usage usage) {
        this.usage = usage;
    }
}
