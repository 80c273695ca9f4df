package io.github.camelai.llm.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelai.llm.model.ToolDefinition;
import org.apache.camel.CamelContext;

/**
 * The tools of one exchange: those of the running llm-tool routes that have any of the endpoint's
 * {@code toolTags}, plus the names of the caller's own tools (option {@code tools}), which the component never
 * runs itself.
 */
public final class ToolSet {

    private final Map<String, LlmTool> tools = new LinkedHashMap<>();
    private final Set<String> callerTools = new LinkedHashSet<>();

    private ToolSet() {
    }

    /**
     * The tools the endpoint's tags select now. Fails when none is running (a misspelt tag would otherwise send
     * the model no tools, silently) or when a route tool has the name of one of the caller's tools.
     */
    public static ToolSet select(CamelContext context, ToolOptions options, Collection<String> callerTools) {
        ToolSet set = new ToolSet();
        LlmToolRegistry registry = LlmToolRegistry.of(context);
        for (LlmTool tool : registry.withAnyTag(options.tags())) {
            set.tools.put(tool.name(), tool);
        }
        if (set.tools.isEmpty()) {
            List<LlmTool> all = registry.all();
            throw new IllegalArgumentException("toolTags=" + String.join(",", options.tags()) + " matches no running "
                                               + "llm-tool route; " + (all.isEmpty() ? "no llm-tool route is running"
                                                       : "the running tools are " + all.stream().map(t -> t.name() + " "
                                                                                                     + t.tags()).collect(Collectors.joining(", "))));
        }
        if (callerTools != null) {
            for (String name : callerTools) {
                if (set.tools.containsKey(name)) {
                    throw new IllegalArgumentException("Tool " + name + " is both in the tools of the request and an "
                                                       + "llm-tool route: rename one of them");
                }
                set.callerTools.add(name);
            }
        }
        return set;
    }

    /** The function names of chat tool definitions. */
    public static List<String> names(List<ToolDefinition> definitions) {
        if (definitions == null) {
            return List.of();
        }
        return definitions.stream().map(d -> d.getFunction() != null ? d.getFunction().getName() : null)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** The caller's tools followed by the route tools, as the request offers them. */
    public List<ToolDefinition> offer(List<ToolDefinition> callerTools) {
        List<ToolDefinition> all = new ArrayList<>(callerTools == null ? List.of() : callerTools);
        tools.values().forEach(t -> all.add(t.definition()));
        return all;
    }

    /** The route tools' definitions. */
    public List<ToolDefinition> definitions() {
        return offer(null);
    }

    public LlmTool get(String name) {
        return tools.get(name);
    }

    /** Whether {@code name} is one of the caller's own tools: the caller runs those. */
    public boolean isCallers(String name) {
        return callerTools.contains(name);
    }

    public Set<String> names() {
        return tools.keySet();
    }
}
