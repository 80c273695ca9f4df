package io.github.camelai.llm.tool;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;

/**
 * The tools of one CamelContext: an llm-tool route adds its tool when it starts and removes it when it stops.
 * Held as a plugin of the context, so two contexts in one JVM never see each other's tools.
 */
public final class LlmToolRegistry {

    private final ConcurrentMap<String, LlmTool> tools = new ConcurrentHashMap<>();

    /** The registry of {@code context}, created on first use. */
    public static LlmToolRegistry of(CamelContext context) {
        ExtendedCamelContext ecc = context.getCamelContextExtension();
        synchronized (ecc) {
            LlmToolRegistry registry = ecc.getContextPlugin(LlmToolRegistry.class);
            if (registry == null) {
                registry = new LlmToolRegistry();
                ecc.addContextPlugin(LlmToolRegistry.class, registry);
            }
            return registry;
        }
    }

    /** Adds a tool; a second tool of the same name is refused (the model calls tools by name). */
    public void add(LlmTool tool) {
        LlmTool existing = tools.putIfAbsent(tool.name(), tool);
        if (existing != null && existing != tool) {
            throw new IllegalStateException("Two llm-tool routes are named " + tool.name()
                                            + ": a tool name must be unique in a CamelContext");
        }
    }

    /** Removes this tool (not another that has since taken its name). */
    public void remove(LlmTool tool) {
        tools.remove(tool.name(), tool);
    }

    public LlmTool get(String name) {
        return tools.get(name);
    }

    /** Every tool, by name. */
    public List<LlmTool> all() {
        return sorted(tools.values());
    }

    /** The tools that have any of {@code tags}, by name. */
    public List<LlmTool> withAnyTag(Collection<String> tags) {
        return sorted(tools.values().stream().filter(t -> t.tags().stream().anyMatch(tags::contains)).toList());
    }

    private static List<LlmTool> sorted(Collection<LlmTool> tools) {
        return tools.stream().sorted(Comparator.comparing(LlmTool::name)).toList();
    }
}
