package io.github.camelai.llm.tool;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ToolDefinition;

/** A tool a model can be offered: its definition, its tags, and how to run it. */
public final class LlmTool {

    /** Runs one call of the tool; completes with the text to send back to the model. */
    @FunctionalInterface
    public interface Invoker {
        CompletableFuture<String> invoke(String callId, Map<String, Object> arguments);
    }

    private final String name;
    private final String description;
    private final JsonNode parameters;
    private final Set<String> tags;
    private final Invoker invoker;

    public LlmTool(String name, String description, JsonNode parameters, Set<String> tags, Invoker invoker) {
        this.name = name;
        this.description = description;
        this.parameters = parameters;
        this.tags = Set.copyOf(tags);
        this.invoker = invoker;
    }

    /** Comma separated tags as a set; blanks dropped. */
    public static Set<String> tags(String tags) {
        Set<String> set = new LinkedHashSet<>();
        if (tags != null) {
            Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(set::add);
        }
        return set;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Set<String> tags() {
        return tags;
    }

    /** The function tool definition the model is offered (a fresh object each time: requests may change it). */
    public ToolDefinition definition() {
        return ToolDefinition.function(name, description, parameters.deepCopy());
    }

    public CompletableFuture<String> invoke(String callId, Map<String, Object> arguments) {
        return invoker.invoke(callId, arguments);
    }

    @Override
    public String toString() {
        return "LlmTool[" + name + ", tags=" + tags + "]";
    }
}
