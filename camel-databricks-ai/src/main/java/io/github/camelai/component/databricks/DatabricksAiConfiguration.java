package io.github.camelai.component.databricks;

import io.github.camelai.llm.support.LlmConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a {@code databricks-ai:} endpoint: the shared LLM options plus where the workspace is, how to
 * authenticate and the Databricks-only request fields. None of these can be set by a message header.
 */
@UriParams
public class DatabricksAiConfiguration extends LlmConfiguration {

    /**
     * The workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net. Default (also when blank on the
     * endpoint): the component's host, then the DATABRICKS_HOST environment variable.
     */
    @UriParam(label = "common", description = "The workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net "
                                              + "(https; no path, query or user info). Default (also when blank on the endpoint): "
                                              + "the component's host, then the DATABRICKS_HOST environment variable.")
    private String host;

    /**
     * A personal access token (dapi...). Default (also when blank on the endpoint): the component's token, then the
     * DATABRICKS_TOKEN environment variable.
     */
    @UriParam(label = "security", secret = true, description = "A personal access token (dapi...), sent as Authorization: Bearer. "
                                                              + "Default (also when blank on the endpoint): the component's token, "
                                                              + "then the DATABRICKS_TOKEN environment variable.")
    private String token;

    /** The service principal's OAuth client id, for machine-to-machine OAuth. */
    @UriParam(label = "security", description = "OAuth machine-to-machine: the service principal's client id (with clientSecret). "
                                                + "Default (also when blank on the endpoint): the component's clientId, then "
                                                + "the DATABRICKS_CLIENT_ID environment variable.")
    private String clientId;

    /** The service principal's OAuth secret, for machine-to-machine OAuth. */
    @UriParam(label = "security", secret = true, description = "OAuth machine-to-machine: the service principal's secret (with clientId). "
                                                              + "Default (also when blank on the endpoint): the component's "
                                                              + "clientSecret, then the DATABRICKS_CLIENT_SECRET environment variable.")
    private String clientSecret;

    /** The serving endpoint name, e.g. databricks-meta-llama-3-3-70b-instruct; required. */
    @UriParam(label = "common", description = "The serving endpoint name, e.g. databricks-meta-llama-3-3-70b-instruct or a custom endpoint of the workspace; required (the endpoint refuses to start without it). Chat, completion and embedding call {host}/serving-endpoints/{model}/invocations; responses sends it as model.")
    private String model;

    /** Call one served model behind the endpoint instead of the endpoint's traffic split. */
    @UriParam(label = "common", description = "Call one served model of the endpoint: requests go to "
                                              + "{host}/serving-endpoints/{model}/served-models/{servedModel}/invocations. "
                                              + "Not used by the responses operation.")
    private String servedModel;

    /** Embedding: the instruction some embedding models take, e.g. for BGE queries. */
    @UriParam(label = "embedding", description = "Embedding: an instruction passed to the embedding model, e.g. "
                                                 + "'Represent this sentence for searching relevant passages:' for BGE queries.")
    private String instruction;

    /** How long before expiry an OAuth token is refreshed in the background. */
    @UriParam(label = "security", defaultValue = "300000", javaType = "java.time.Duration",
              description = "OAuth machine-to-machine: how long before its expiry a token is refreshed in the background "
                            + "(requests keep using it meanwhile). A token is never used within 40 seconds of its expiry.")
    private long tokenRefreshAhead = 300_000;

    @Override
    public String getModel() {
        return model;
    }

    @Override
    public void setModel(String model) {
        this.model = model;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getServedModel() {
        return servedModel;
    }

    public void setServedModel(String servedModel) {
        this.servedModel = servedModel;
    }

    public String getInstruction() {
        return instruction;
    }

    public void setInstruction(String instruction) {
        this.instruction = instruction;
    }

    public long getTokenRefreshAhead() {
        return tokenRefreshAhead;
    }

    public void setTokenRefreshAhead(long tokenRefreshAhead) {
        this.tokenRefreshAhead = tokenRefreshAhead;
    }

    @Override
    public DatabricksAiConfiguration copy() {
        return (DatabricksAiConfiguration) super.copy();
    }
}
