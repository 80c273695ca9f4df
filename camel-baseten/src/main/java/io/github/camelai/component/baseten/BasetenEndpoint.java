package io.github.camelai.component.baseten;

import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.ServiceDescriptor;
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
 * Calls a model served by Baseten: chat, completion, embedding, rerank, classify and predict synchronously; async-predict,
 * async-status, async-cancel and async-queue-status for async inference; and receives async results as a webhook
 * consumer.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "baseten", title = "Baseten", syntax = "baseten:operation",
             category = { Category.AI }, headersClass = BasetenConstants.class)
public class BasetenEndpoint extends DefaultEndpoint implements LlmEndpoint {

    /** The name of the service in error messages and exceptions. */
    public static final String PROVIDER = "Baseten";

    @UriPath(enums = BasetenOperation.NAMES, description = "The operation: chat, completion, embedding, rerank, classify, predict, async-predict, async-status, async-cancel, async-queue-status (producers) or webhook (consumer).")
    @Metadata(required = true)
    private BasetenOperation operation;

    @UriParam
    private BasetenConfiguration configuration;

    private final LlmHeaders headers = new LlmHeaders(BasetenConstants.PREFIX);
    private volatile BasetenTarget target;
    private volatile LlmHttpClient httpClient;
    private volatile LlmCalls calls;
    private volatile RequestOptions requestOptions;
    private volatile LlmTelemetry telemetry;

    public BasetenEndpoint(String uri, BasetenComponent component, BasetenOperation operation,
                           BasetenConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public BasetenComponent getComponent() {
        return (BasetenComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        switch (operation) {
            case WEBHOOK:
                throw new IllegalArgumentException("baseten:webhook is a consumer (use it in from(...)); the producer "
                                                   + "operations are chat, completion, embedding, rerank, classify, predict and async-*");
            case ASYNC_PREDICT:
            case ASYNC_STATUS:
            case ASYNC_CANCEL:
            case ASYNC_QUEUE_STATUS:
                return new BasetenAsyncProducer(this);
            case CHAT:
                return new BasetenChatProducer(this);
            case COMPLETION:
                return new BasetenCompletionProducer(this);
            case EMBEDDING:
                return new BasetenEmbeddingProducer(this);
            case RERANK:
                return new BasetenRerankProducer(this);
            case CLASSIFY:
                return new BasetenClassifyProducer(this);
            case PREDICT:
                return new BasetenPredictProducer(this);
            default:
                throw new IllegalStateException("baseten:" + operation + " has no producer");
        }
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != BasetenOperation.WEBHOOK) {
            throw new IllegalArgumentException("baseten:" + operation + " is a producer (use it in to(...)); the only "
                                               + "consumer is baseten:webhook");
        }
        BasetenWebhookConsumer consumer = new BasetenWebhookConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (operation == BasetenOperation.WEBHOOK) {
            // the consumer needs neither an API key nor a model target
            return;
        }
        BasetenTarget t = resolveTarget(configuration);
        if (operation.needsDedicated() && !t.isDedicated()) {
            String model = configuration.getModel() != null ? " (model=" + configuration.getModel() + ")" : "";
            throw new IllegalArgumentException("baseten:" + operation + " needs a dedicated deployment: set modelId "
                                               + "(with environment or deploymentId) or modelUrl; Model APIs" + model
                                               + " serve chat and completion only");
        }
        if (!t.isDedicated() && (configuration.getModel() == null || configuration.getModel().isBlank())) {
            // as databricks-ai does: a missing model is a configuration error, not a failure of every exchange
            throw new IllegalArgumentException("baseten:" + operation + " on Baseten Model APIs needs the model option: "
                                               + "a Model APIs slug such as openai/gpt-oss-120b; or set modelId or "
                                               + "modelUrl for a dedicated deployment");
        }
        String key = resolveApiKey();
        RequestOptions options = RequestOptions.fromConfiguration(configuration, getCamelContext());
        LlmTelemetry genAi = LlmTelemetry.of(getCamelContext(), GEN_AI_PROVIDER, genAiOperation(operation),
                operation.needsDedicated() ? t.predictUrl() : t.chatCompletionsUrl(), configuration.getModelId(),
                configuration, headers);
        LlmHttpClient client = getComponent().newHttpClient(ServiceDescriptor.named(PROVIDER), configuration,
                AuthProvider.fixed("Api-Key " + key), quotaTarget(t, configuration), genAi);
        this.target = t;
        this.requestOptions = options;
        this.httpClient = client;
        this.telemetry = genAi;
        this.calls = getComponent().newCalls(client, headers, telemetry);
    }

    /**
     * What a quota is kept for: a dedicated deployment (every operation on it shares one), or a Model APIs model at
     * its base URL.
     */
    static String quotaTarget(BasetenTarget t, BasetenConfiguration cfg) {
        return t.isDedicated() ? t.targetRoot() : t.chatCompletionsUrl() + "|" + cfg.getModel();
    }

    /** The {@code gen_ai.provider.name} of this component's telemetry. */
    public static final String GEN_AI_PROVIDER = "baseten";

    /**
     * The {@code gen_ai.operation.name} of an operation; {@code null} for async job management and the webhook,
     * which invoke no model themselves (the model runs later, at Baseten).
     */
    static String genAiOperation(BasetenOperation operation) {
        return switch (operation) {
            case CHAT -> GenAiConventions.OP_CHAT;
            case COMPLETION -> GenAiConventions.OP_TEXT_COMPLETION;
            case EMBEDDING -> GenAiConventions.OP_EMBEDDINGS;
            case RERANK -> GenAiConventions.OP_RERANK;
            case PREDICT -> GenAiConventions.OP_PREDICT;
            case CLASSIFY -> GenAiConventions.OP_CLASSIFY;
            default -> null;
        };
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        calls = null;
        httpClient = null;
    }

    /**
     * Where requests go: {@code modelUrl} wins, then {@code modelId} (with {@code deploymentId} or
     * {@code environment}), else Model APIs at {@code baseUrl}.
     *
     * @throws IllegalArgumentException naming the option whose value is not usable
     */
    public static BasetenTarget resolveTarget(BasetenConfiguration cfg) {
        if (notBlank(cfg.getModelUrl())) {
            return BasetenTarget.fromModelUrl(cfg.getModelUrl());
        }
        if (notBlank(cfg.getModelId())) {
            return BasetenTarget.dedicated(cfg.getModelId(), cfg.getEnvironment(), cfg.getDeploymentId());
        }
        return BasetenTarget.modelApis(cfg.getBaseUrl());
    }

    /**
     * The endpoint's key, else the component's, else the environment's. A blank value counts as not set: a Kamelet
     * parameter or property placeholder that resolved to nothing must neither hide the component's key nor be sent.
     */
    private String resolveApiKey() {
        // the component's key, when the endpoint has none, is already in this configuration (a copy of the
        // component's, and a blank endpoint value does not replace it: LlmComponentSupport.setProperties)
        String key = configuration.getApiKey();
        if (!notBlank(key)) {
            key = getComponent().environmentVariable(BasetenComponent.API_KEY_ENV);
        }
        if (!notBlank(key)) {
            throw new IllegalArgumentException("No Baseten API key for baseten:" + operation + ": set the apiKey option "
                                               + "(on the endpoint, or the component: the property camel.component.baseten"
                                               + ".api-key, on Spring Boot with camel-baseten-starter) or the "
                                               + BasetenComponent.API_KEY_ENV + " environment variable");
        }
        return key.trim();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The operation of this endpoint. */
    public BasetenOperation getOperation() {
        return operation;
    }

    public void setOperation(BasetenOperation operation) {
        this.operation = operation;
    }

    public BasetenConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(BasetenConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The header names of this component, for the shared code. */
    @Override
    public LlmHeaders headers() {
        return headers;
    }

    /** Where requests go; set when the endpoint starts (null for webhook). */
    public BasetenTarget target() {
        return target;
    }

    /** The HTTP client (auth, retries, timeouts, concurrency cap); set when the endpoint starts. */
    public LlmHttpClient httpClient() {
        return httpClient;
    }

    /** The shared calls on {@link #httpClient()}; set when the endpoint starts. */
    @Override
    public LlmCalls calls() {
        return calls;
    }

    /** The GenAI telemetry of this endpoint; set when a producer endpoint starts, {@code NONE} for the webhook. */
    @Override
    public LlmTelemetry telemetry() {
        LlmTelemetry t = telemetry;
        return t != null ? t : LlmTelemetry.NONE;
    }

    /** The endpoint's options, parsed once at start; apply headers per exchange with {@code withHeaders}. */
    @Override
    public RequestOptions requestOptions() {
        return requestOptions;
    }
}
