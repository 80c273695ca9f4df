package io.github.camelai.llm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A tool the model may call: {@code {type:function, function:{name, description, parameters, strict}}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ToolDefinition extends JsonExtensible {

    private String type = "function";
    private FunctionDefinition function;

    public static ToolDefinition function(String name, String description, JsonNode parameters) {
        ToolDefinition tool = new ToolDefinition();
        FunctionDefinition f = new FunctionDefinition();
        f.setName(name);
        f.setDescription(description);
        f.setParameters(parameters);
        tool.setFunction(f);
        return tool;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public FunctionDefinition getFunction() {
        return function;
    }

    public void setFunction(FunctionDefinition function) {
        this.function = function;
    }

    /** The function's name, description, JSON-schema parameters and strictness. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class FunctionDefinition extends JsonExtensible {
        private String name;
        private String description;
        private JsonNode parameters;
        private Boolean strict;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public JsonNode getParameters() {
            return parameters;
        }

        public void setParameters(JsonNode parameters) {
            this.parameters = parameters;
        }

        public Boolean getStrict() {
            return strict;
        }

        public void setStrict(Boolean strict) {
            this.strict = strict;
        }
    }
}
