package io.github.camelai.llm.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Base of every wire-model object. Services add fields faster than clients learn them (Claude's cache token
 * counts, vendor flags, new reasoning formats), so whatever this model does not name is kept here and written
 * back unchanged: a full request a user hands over, or a response re-serialized downstream, loses nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class JsonExtensible {

    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    /** The JSON fields this model has no property for, in arrival order. */
    @JsonAnyGetter
    // written as they came, explicit nulls included: the NON_NULL rule is for this model's own properties
    @JsonInclude(value = JsonInclude.Include.ALWAYS, content = JsonInclude.Include.ALWAYS)
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties;
    }

    /** Sets a JSON field this model has no property for; it is written as-is. */
    @JsonAnySetter
    public void setAdditionalProperty(String name, Object value) {
        additionalProperties.put(name, value);
    }

    /** Returns a JSON field this model has no property for, or {@code null}. */
    public Object getAdditionalProperty(String name) {
        return additionalProperties.get(name);
    }
}
