package io.github.camelai.llm.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * A Camel route as a tool a model can call. The route receives the call's arguments as a {@code Map} body and
 * answers with its body; the LLM components run it when the model asks for it.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "llm-tool", title = "LLM Tool", syntax = "llm-tool:name",
             consumerOnly = true, remote = false, category = { Category.AI }, headersClass = LlmToolConstants.class)
public class LlmToolEndpoint extends DefaultEndpoint {

    /** The function names models accept: letters, digits, underscore and dash, at most 64. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @UriPath(description = "The tool's name, as the model sees and calls it: letters, digits, _ and -, at most 64 characters.")
    @Metadata(required = true)
    private String name;
    @UriParam(description = "What the tool does and when to use it: the model chooses tools by this text.")
    @Metadata(required = true)
    private String description;
    @UriParam(description = "Comma separated tags; an LLM endpoint with toolTags offers the tools that have any of its tags.")
    private String tags;
    @UriParam(prefix = "parameter.", multiValue = true, description = "The tool's parameters, one option per parameter and attribute: parameter.city=string gives parameter city its type (string, integer, number, boolean, array or object); parameter.city.description=City name, parameter.city.required=true and parameter.city.enum=a,b,c describe it further.")
    private Map<String, Object> parameter = new LinkedHashMap<>();

    public LlmToolEndpoint(String uri, LlmToolComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("llm-tool:" + name + " is a consumer (from(\"llm-tool:" + name
                                                + "\")): the LLM components call it when the model asks for the tool");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        LlmToolConsumer consumer = new LlmToolConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The tool this endpoint describes, its definition checked; a mistake fails the route at start. */
    LlmTool tool(LlmTool.Invoker invoker) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("llm-tool name '" + name + "' is not a valid tool name: use letters, "
                                               + "digits, _ and -, at most 64 characters");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("llm-tool:" + name + " has no description: set description=... (the "
                                               + "model chooses tools by it)");
        }
        return new LlmTool(name, description, ToolParameters.schema(name, parameter), LlmTool.tags(tags),
                invoker);
    }

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

    public String getTags() {
        return tags;
    }

    public void setTags(String tags) {
        this.tags = tags;
    }

    public Map<String, Object> getParameter() {
        return parameter;
    }

    public void setParameter(Map<String, Object> parameter) {
        this.parameter = parameter == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parameter);
    }
}
