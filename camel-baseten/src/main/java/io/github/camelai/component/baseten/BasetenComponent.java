package io.github.camelai.component.baseten;

import java.util.Map;

import io.github.camelai.llm.support.LlmComponentSupport;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/**
 * The {@code baseten} component: Baseten's Model APIs and dedicated deployments. All its endpoints share one
 * HTTP connection pool and a few I/O threads.
 */
@Component("baseten")
public class BasetenComponent extends LlmComponentSupport {

    /** The environment variable the API key is read from when no apiKey is configured. */
    public static final String API_KEY_ENV = "BASETEN_API_KEY";

    @Metadata(description = "The shared configuration: the defaults of every endpoint of this component.")
    private BasetenConfiguration configuration = new BasetenConfiguration();

    public BasetenComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BasetenOperation operation = BasetenOperation.fromValue(remaining);
        BasetenConfiguration cfg = configuration.copy();
        BasetenEndpoint endpoint = new BasetenEndpoint(uri, this, operation, cfg);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Reads an environment variable. Tests override it to inject a key without touching the real environment.
     *
     * @param  name the variable, e.g. {@link #API_KEY_ENV}
     * @return      its value, or {@code null}
     */
    protected String environmentVariable(String name) {
        return System.getenv(name);
    }

    public BasetenConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(BasetenConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * The API key of the shared configuration, for Java users. It is not a second option: a component-level field
     * named like the configuration's apiKey made the generated configurer list the option twice on some builds
     * (a duplicate case label that does not compile).
     */
    public String getApiKey() {
        return configuration.getApiKey();
    }

    /** Sets the shared configuration's API key: the default of every endpoint that sets none. */
    public void setApiKey(String apiKey) {
        configuration.setApiKey(apiKey);
    }
}
