package io.github.camelai.llm.tool;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code llm-tool} component: a route that starts with {@code from("llm-tool:name?description=...")} is a tool
 * the LLM components can offer to a model (option {@code toolTags}) and run when the model calls it.
 */
@Component("llm-tool")
public class LlmToolComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LlmToolEndpoint endpoint = new LlmToolEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
