package io.github.camelai.llm.support;

import java.util.HashMap;
import java.util.Map;

import io.github.camelai.llm.quota.QuotaStore;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options every OpenAI-compatible LLM component shares. Descriptions are given in the annotations (not in
 * Javadoc) because the catalog generator of a component module cannot read this module's sources. A component's
 * own configuration class extends this one and adds its service's options.
 */
@UriParams
public abstract class LlmConfiguration implements Cloneable {

    @UriParam(label = "common", description = "A system message put first when the body does not start with one.")
    private String systemMessage;
    @UriParam(label = "common", description = "Sampling temperature.")
    private Double temperature;
    @UriParam(label = "common", description = "Nucleus sampling: the cumulative probability of the tokens considered.")
    private Double topP;
    @UriParam(label = "common", description = "Only sample from the k most likely tokens.")
    private Integer topK;
    @UriParam(label = "common", description = "The maximum number of tokens to generate.")
    private Integer maxTokens;
    @UriParam(label = "common", description = "Stop sequences, separated by commas.")
    private String stop;
    @UriParam(label = "common", description = "How many answers to generate; with more than one, the body out is a List of String.")
    private Integer n;
    @UriParam(label = "common", description = "Seed for reproducible sampling, where the model supports it.")
    private Long seed;
    @UriParam(label = "tools", description = "The tools the model may call: JSON text (an array of tool definitions), resource:classpath:tools.json, or a reference to a bean (#bean:myTools) holding a List of ToolDefinition, a JsonNode or JSON text.")
    private Object tools;
    @UriParam(label = "tools", description = "Which tool to call: none, auto, required, a function name, or a JSON tool_choice object.")
    private String toolChoice;
    @UriParam(label = "tools", description = "Chat and responses: offer the model the tools of the running llm-tool routes that have any of these tags (comma separated), next to the tools option. With autoToolExecution the component runs the tool routes the model calls and calls the model again until it answers.")
    private String toolTags;
    @UriParam(label = "tools", defaultValue = "10", description = "With toolTags and autoToolExecution: the most rounds of tool calls run for one exchange. An answer that still asks for tools after that fails the exchange.")
    private int maxToolIterations = 10;
    @UriParam(label = "tools", defaultValue = "true", description = "With toolTags: run the tool routes the model calls and call the model again with their results, until it answers without tool calls. false: the calls are left in the ToolCalls header for the route, as without toolTags.")
    private boolean autoToolExecution = true;
    @UriParam(label = "common", enums = "text,json_object,json_schema", description = "The response format: text, json_object, or json_schema (then jsonSchema is required).")
    private ResponseFormatType responseFormat;
    @UriParam(label = "common", description = "The JSON schema of a json_schema response: a JSON schema, or an object with name, schema and strict; as text or resource:classpath:schema.json.")
    private String jsonSchema;
    @UriParam(label = "common", enums = "low,medium,high", description = "Reasoning effort for reasoning models.")
    private String reasoningEffort;
    @UriParam(label = "common", description = "Return log probabilities of the output tokens.")
    private Boolean logprobs;
    @UriParam(label = "common", description = "How many most likely tokens to return at each position (needs logprobs).")
    private Integer topLogprobs;
    @UriParam(label = "streaming", defaultValue = "false", description = "Stream the answer as server-sent events.")
    private boolean streaming;
    @UriParam(label = "streaming", defaultValue = "iterator", enums = "iterator,aggregate,sse", description = "With streaming: iterator hands the route a lazy Iterator of chunks (split it with split(body()).streaming()); aggregate streams on the wire and hands the route the same body as a non-streamed call; sse hands it an InputStream of server-sent events (data: chunk JSON, then data: [DONE]) with Content-Type text/event-stream, written as the model streams, for an HTTP consumer to relay.")
    private StreamOutput streamOutput = StreamOutput.iterator;
    @UriParam(label = "common", defaultValue = "false", description = "Set the whole response object as the body instead of the answer text.")
    private boolean fullResponse;
    @UriParam(label = "advanced", prefix = "additionalBodyProperty.", multiValue = true, description = "Any request body field that has no option of its own, e.g. additionalBodyProperty.frequency_penalty=0.5. Values that look like numbers, booleans or JSON are sent as such.")
    private Map<String, Object> additionalBodyProperty = new HashMap<>();
    @UriParam(label = "embedding", defaultValue = "32", description = "Embedding: the most inputs sent in one request; a longer list goes out as several concurrent requests and comes back in input order.")
    private int batchSize = 32;
    @UriParam(label = "timeouts", defaultValue = "10000", javaType = "java.time.Duration", description = "How long to wait for a connection, in milliseconds (or a duration such as 10s).")
    private long connectTimeout = 10_000;
    @UriParam(label = "timeouts", defaultValue = "300000", javaType = "java.time.Duration", description = "A non-streamed call: how long until the whole answer is in. A streamed call: how long until the answer starts.")
    private long requestTimeout = 300_000;
    @UriParam(label = "timeouts", defaultValue = "60000", javaType = "java.time.Duration", description = "A streamed call: the longest silence between two pieces of the stream. Time the route spends not reading does not count.")
    private long streamIdleTimeout = 60_000;
    @UriParam(label = "retry", defaultValue = "3", description = "How often to retry a call answered 429, 502, 503 or 504, or that could not connect.")
    private int maxRetries = 3;
    @UriParam(label = "retry", defaultValue = "1000", javaType = "java.time.Duration", description = "The first retry delay when the service sends no Retry-After; doubled each retry, with jitter.")
    private long retryInitialDelay = 1000;
    @UriParam(label = "retry", defaultValue = "30000", javaType = "java.time.Duration", description = "The longest delay between two attempts, Retry-After included.")
    private long retryMaxDelay = 30_000;
    @UriParam(label = "retry", defaultValue = "false", description = "Also retry a call that timed out while reading. Off by default: the model may have run, and a retry pays twice.")
    private boolean retryOnReadTimeout;
    @UriParam(label = "advanced", defaultValue = "100", description = "The most calls this endpoint has in flight; more wait in a queue (they do not fail). 0 means no cap.")
    private int maxConcurrentRequests = 100;
    @UriParam(label = "quota", defaultValue = "0", description = "The most calls a minute to this endpoint's target (its service URL and model), spread evenly: never more than a tenth of a second's worth at once. A call over the quota waits its turn without holding a thread, and its requestTimeout starts when it is sent. Endpoints of this component with the same target share the quota; see rateLimitGroup to share it across targets and rateLimitStore to share it across JVMs. Retries count as calls. 0 means no limit.")
    private int requestsPerMinute;
    @UriParam(label = "quota", defaultValue = "0", description = "The most tokens a minute to this endpoint's target, spread evenly like requestsPerMinute. A call is charged before it is sent an estimate from its text (characters / 4, plus maxTokens x n where set), corrected by the usage its answer reports. Chat, completion, responses and embedding calls count tokens; rerank, classify, predict and async calls count as requests only. A call estimated above a whole minute's quota fails before it is sent. 0 means no limit.")
    private long tokensPerMinute;
    @UriParam(label = "quota", description = "A name that makes every endpoint of this component with the same name share one requestsPerMinute and tokensPerMinute quota, whatever its target, e.g. one Baseten account's quota across models. Without it, endpoints share a quota when their target (service URL and model) is the same.")
    private String rateLimitGroup;
    @UriParam(label = "quota,advanced", description = "Where requestsPerMinute and tokensPerMinute quotas are kept, so that several JVMs (replicas) share them: a bean of type io.github.camelai.llm.quota.QuotaStore, e.g. #bean:llmQuotaStore holding a PostgreSqlQuotaStore. Without it each JVM keeps its own quota in memory.")
    private QuotaStore rateLimitStore;
    @UriParam(label = "advanced", defaultValue = "false", description = "Let the service set how many calls this endpoint has in flight: "
                                                                       + "a 429 or 503 answer halves the limit (at most once per round trip), a run of clean answers "
                                                                       + "raises it by one; it starts at 8 and stays between 1 and maxConcurrentRequests (0: no ceiling, it "
                                                                       + "grows only while the calls use it). A call refused with 429 or 503 waits in line and is sent again "
                                                                       + "as soon as the lower limit lets it (within maxRetries; a Retry-After is waited first). Off: "
                                                                       + "maxConcurrentRequests is a fixed cap and refused calls are retried after the back-off.")
    private boolean adaptiveConcurrency;

    /** A copy for one endpoint: the component's defaults stay untouched. */
    public LlmConfiguration copy() {
        try {
            LlmConfiguration copy = (LlmConfiguration) clone();
            copy.additionalBodyProperty = new HashMap<>(additionalBodyProperty);
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /**
     * The model. Each component declares the option itself, since what a model is differs per service (a slug, an
     * endpoint name) and the catalog shows one description per component.
     */
    public abstract String getModel();

    public abstract void setModel(String model);

    public String getSystemMessage() {
        return systemMessage;
    }

    public void setSystemMessage(String systemMessage) {
        this.systemMessage = systemMessage;
    }

    public Double getTemperature() {
        return temperature;
    }

    public void setTemperature(Double temperature) {
        this.temperature = temperature;
    }

    public Double getTopP() {
        return topP;
    }

    public void setTopP(Double topP) {
        this.topP = topP;
    }

    public Integer getTopK() {
        return topK;
    }

    public void setTopK(Integer topK) {
        this.topK = topK;
    }

    public Integer getMaxTokens() {
        return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
        this.maxTokens = maxTokens;
    }

    public String getStop() {
        return stop;
    }

    public void setStop(String stop) {
        this.stop = stop;
    }

    public Integer getN() {
        return n;
    }

    public void setN(Integer n) {
        this.n = n;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public Object getTools() {
        return tools;
    }

    public void setTools(Object tools) {
        this.tools = tools;
    }

    public String getToolTags() {
        return toolTags;
    }

    public void setToolTags(String toolTags) {
        this.toolTags = toolTags;
    }

    public int getMaxToolIterations() {
        return maxToolIterations;
    }

    public void setMaxToolIterations(int maxToolIterations) {
        this.maxToolIterations = maxToolIterations;
    }

    public boolean isAutoToolExecution() {
        return autoToolExecution;
    }

    public void setAutoToolExecution(boolean autoToolExecution) {
        this.autoToolExecution = autoToolExecution;
    }

    public String getToolChoice() {
        return toolChoice;
    }

    public void setToolChoice(String toolChoice) {
        this.toolChoice = toolChoice;
    }

    public ResponseFormatType getResponseFormat() {
        return responseFormat;
    }

    public void setResponseFormat(ResponseFormatType responseFormat) {
        this.responseFormat = responseFormat;
    }

    public String getJsonSchema() {
        return jsonSchema;
    }

    public void setJsonSchema(String jsonSchema) {
        this.jsonSchema = jsonSchema;
    }

    public String getReasoningEffort() {
        return reasoningEffort;
    }

    public void setReasoningEffort(String reasoningEffort) {
        this.reasoningEffort = reasoningEffort;
    }

    public Boolean getLogprobs() {
        return logprobs;
    }

    public void setLogprobs(Boolean logprobs) {
        this.logprobs = logprobs;
    }

    public Integer getTopLogprobs() {
        return topLogprobs;
    }

    public void setTopLogprobs(Integer topLogprobs) {
        this.topLogprobs = topLogprobs;
    }

    public boolean isStreaming() {
        return streaming;
    }

    public void setStreaming(boolean streaming) {
        this.streaming = streaming;
    }

    public StreamOutput getStreamOutput() {
        return streamOutput;
    }

    public void setStreamOutput(StreamOutput streamOutput) {
        this.streamOutput = streamOutput;
    }

    public boolean isFullResponse() {
        return fullResponse;
    }

    public void setFullResponse(boolean fullResponse) {
        this.fullResponse = fullResponse;
    }

    public Map<String, Object> getAdditionalBodyProperty() {
        return additionalBodyProperty;
    }

    public void setAdditionalBodyProperty(Map<String, Object> additionalBodyProperty) {
        this.additionalBodyProperty = additionalBodyProperty;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getStreamIdleTimeout() {
        return streamIdleTimeout;
    }

    public void setStreamIdleTimeout(long streamIdleTimeout) {
        this.streamIdleTimeout = streamIdleTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public boolean isRetryOnReadTimeout() {
        return retryOnReadTimeout;
    }

    public void setRetryOnReadTimeout(boolean retryOnReadTimeout) {
        this.retryOnReadTimeout = retryOnReadTimeout;
    }

    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public void setMaxConcurrentRequests(int maxConcurrentRequests) {
        this.maxConcurrentRequests = maxConcurrentRequests;
    }

    public int getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public long getTokensPerMinute() {
        return tokensPerMinute;
    }

    public void setTokensPerMinute(long tokensPerMinute) {
        this.tokensPerMinute = tokensPerMinute;
    }

    public String getRateLimitGroup() {
        return rateLimitGroup;
    }

    public void setRateLimitGroup(String rateLimitGroup) {
        this.rateLimitGroup = rateLimitGroup;
    }

    public QuotaStore getRateLimitStore() {
        return rateLimitStore;
    }

    public void setRateLimitStore(QuotaStore rateLimitStore) {
        this.rateLimitStore = rateLimitStore;
    }

    public boolean isAdaptiveConcurrency() {
        return adaptiveConcurrency;
    }

    public void setAdaptiveConcurrency(boolean adaptiveConcurrency) {
        this.adaptiveConcurrency = adaptiveConcurrency;
    }

    /**
     * Refuses zero or negative limits before the endpoint starts: HttpClient reads a zero timeout as "wait
     * forever", a zero request timeout would fail every call at once, and a negative count means nothing.
     *
     * @throws IllegalArgumentException naming the option and what to use instead
     */
    public void checkLimits() {
        positive("connectTimeout", connectTimeout, "e.g. 10000 or 10s");
        positive("requestTimeout", requestTimeout, "e.g. 300000 or 5m");
        positive("streamIdleTimeout", streamIdleTimeout, "e.g. 60000 or 60s");
        positive("retryInitialDelay", retryInitialDelay, "e.g. 1000 or 1s; set maxRetries=0 to turn retries off");
        positive("retryMaxDelay", retryMaxDelay, "e.g. 30000 or 30s");
        positive("batchSize", batchSize, "e.g. 32");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries + "; 0 turns retries off");
        }
        if (maxConcurrentRequests < 0) {
            throw new IllegalArgumentException("maxConcurrentRequests must not be negative, got " + maxConcurrentRequests
                                               + "; 0 means no cap");
        }
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("requestsPerMinute must not be negative, got " + requestsPerMinute
                                               + "; 0 means no limit");
        }
        if (tokensPerMinute < 0) {
            throw new IllegalArgumentException("tokensPerMinute must not be negative, got " + tokensPerMinute
                                               + "; 0 means no limit");
        }
    }

    private static void positive(String option, long value, String example) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value + "; use " + example);
        }
    }
}
