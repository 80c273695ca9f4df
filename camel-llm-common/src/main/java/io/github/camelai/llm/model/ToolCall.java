package io.github.camelai.llm.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A tool call the model asked for. In a stream, a call arrives as deltas that share an {@code index}; the
 * {@code arguments} text is the concatenation of every delta's fragment.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class ToolCall extends JsonExtensible {

    private Integer index;
    private String id;
    private String type;
    private FunctionCall function;

    public static ToolCall function(String id, String name, String arguments) {
        ToolCall call = new ToolCall();
        call.setId(id);
        call.setType("function");
        FunctionCall f = new FunctionCall();
        f.setName(name);
        f.setArguments(arguments);
        call.setFunction(f);
        return call;
    }

    public Integer getIndex() {
        return index;
    }

    public void setIndex(Integer index) {
        this.index = index;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public FunctionCall getFunction() {
        return function;
    }

    public void setFunction(FunctionCall function) {
        this.function = function;
    }

    @Override
    public String toString() {
        return "ToolCall[id=" + id + ", name=" + (function != null ? function.getName() : null)
               + ", arguments=" + (function != null ? function.getArguments() : null) + "]";
    }

    /**
     * The function name and its JSON arguments as text; arguments that arrive as a JSON object are kept as that
     * object's JSON text.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static class FunctionCall extends JsonExtensible {
        private String name;
        private String arguments;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getArguments() {
            return arguments;
        }

        @JsonDeserialize(using = ArgumentsDeserializer.class)
        public void setArguments(String arguments) {
            this.arguments = arguments;
        }
    }
}
