package io.github.camelai.component.databricks;

import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmEndpoint;
import io.github.camelai.llm.support.LlmHeaders;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.telemetry.GenAiConventions;
import io.github.camelai.llm.telemetry.LlmTelemetry;
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
 * Databricks Foundation Model APIs on model serving endpoints: chat, completions, embeddings and the Responses API.
 * Chat, completions and embeddings go to {@code {host}/serving-endpoints/{model}/invocations}, the Responses API to
 * {@code {host}/serving-endpoints/responses}.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "databricks-ai", title = "Databricks AI", syntax = "databricks-ai:operation",
             producerOnly = true, category = { Category.AI }, headersClass = DatabricksAiConstants.class)
public class DatabricksAiEndpoint extends DefaultEndpoint implements LlmEndpoint {

    @UriPath(description = "The operation: chat, completion, embedding or responses.", enums = "chat,completion,embedding,responses")
    @Metadata(required = true)
    private DatabricksAiOperation operation;

    @UriParam
    private DatabricksAiConfiguration configuration;

    private DatabricksUrls urls;
    private AuthProvider auth;
    private RequestOptions options;
    private LlmCalls calls;
    private LlmTelemetry telemetry;

    public DatabricksAiEndpoint(String uri, DatabricksAiComponent component, DatabricksAiOperation operation,
                                DatabricksAiConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public DatabricksAiComponent getComponent() {
        return (DatabricksAiComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return switch (operation) {
            case chat -> new DatabricksChatProducer(this);
            case completion -> new DatabricksCompletionProducer(this);
            case embedding -> new DatabricksEmbeddingProducer(this);
            case responses -> new DatabricksResponsesProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        throw new UnsupportedOperationException("The databricks-ai component has producers only (to, not from)");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String model = configuration.getModel();
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("databricks-ai:" + operation + " needs the model option: the name of the "
                                               + "serving endpoint, e.g. databricks-meta-llama-3-3-70b-instruct");
        }
        DatabricksUrls.checkName("serving endpoint name (model option)", model);
        if (configuration.getServedModel() != null && !configuration.getServedModel().isBlank()) {
            DatabricksUrls.checkName("served model name (servedModel option)", configuration.getServedModel());
        }
        DatabricksAiComponent component = getComponent();
        urls = component.resolveHost(configuration);
        auth = component.resolveAuth(configuration, urls);
        options = RequestOptions.fromConfiguration(configuration, getCamelContext());
        telemetry = LlmTelemetry.of(getCamelContext(), GEN_AI_PROVIDER, genAiOperation(operation), urls.responses(),
                null, configuration, DatabricksAiConstants.HEADERS);
        // one quota per serving endpoint of a workspace: chat, completion and embedding calls to it share it
        String quotaTarget = urls + "|" + model;
        calls = component.newCalls(component.newHttpClient(DatabricksAiComponent.SERVICE, configuration, auth, quotaTarget,
                telemetry), DatabricksAiConstants.HEADERS, telemetry);
    }

    @Override
    protected void doStop() throws Exception {
        calls = null;
        auth = null;
        super.doStop();
    }

    /** The {@code gen_ai.provider.name} of this component's telemetry. */
    public static final String GEN_AI_PROVIDER = "databricks";

    /**
     * The {@code gen_ai.operation.name} of an operation. The Responses API generates a model answer from a
     * conversation as chat does, so it is {@code chat} too.
     */
    static String genAiOperation(DatabricksAiOperation operation) {
        return switch (operation) {
            case chat, responses -> GenAiConventions.OP_CHAT;
            case completion -> GenAiConventions.OP_TEXT_COMPLETION;
            case embedding -> GenAiConventions.OP_EMBEDDINGS;
        };
    }

    /** The GenAI telemetry of this endpoint; set when it starts. */
    @Override
    public LlmTelemetry telemetry() {
        LlmTelemetry t = telemetry;
        return t != null ? t : LlmTelemetry.NONE;
    }

    DatabricksUrls urls() {
        return urls;
    }

    /** The endpoint's credentials (a fixed token or the shared OAuth provider). */
    AuthProvider auth() {
        return auth;
    }

    @Override
    public RequestOptions requestOptions() {
        return options;
    }

    @Override
    public LlmHeaders headers() {
        return DatabricksAiConstants.HEADERS;
    }

    @Override
    public LlmCalls calls() {
        return calls;
    }

    public DatabricksAiOperation getOperation() {
        return operation;
    }

    /** The operation: chat, completion, embedding or responses. */
    public void setOperation(DatabricksAiOperation operation) {
        this.operation = operation;
    }

    public DatabricksAiConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DatabricksAiConfiguration configuration) {
        this.configuration = configuration;
    }
}
