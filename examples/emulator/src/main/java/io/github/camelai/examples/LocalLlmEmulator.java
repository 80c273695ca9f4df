package io.github.camelai.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Baseten and Databricks model serving, good enough for the demo and the examples' tests.
 * It runs on the JDK's own HTTP server (no extra dependencies) and answers deterministically: the answer to a
 * chat is the last user message in upper case ({@link #answerFor(String)}), and a token is a whitespace-separated
 * word ({@link #countTokens(String)}).
 * <p>
 * What it serves (every call must carry an {@code Authorization} header, else 401 in the service's error shape):
 * <ul>
 * <li>Baseten Model APIs: {@code POST /v1/chat/completions}; Baseten dedicated OpenAI-compatible routes: any
 * {@code POST .../sync/v1/chat/completions}, {@code .../sync/v1/completions}, {@code .../sync/v1/embeddings}.</li>
 * <li>Baseten dedicated {@code POST .../predict} (echoes the input as {@code {"output": ..}}),
 * {@code POST .../async_predict} (answers {@code {"request_id"}} and, shortly after, POSTs a signed webhook
 * delivery to the request's {@code webhook_endpoint}), {@code GET|DELETE /async_request/{id}},
 * {@code GET .../async_queue_status}.</li>
 * <li>Databricks {@code POST /serving-endpoints/{name}/invocations} (chat, completions or embeddings, chosen by
 * the body's shape: {@code messages}, {@code prompt}, {@code input}), {@code POST /oidc/v1/token} (OAuth M2M).</li>
 * </ul>
 * A chat that offers {@code tools} is answered as a tool-calling model would: first with calls of the first tool
 * (see {@link EmulatedToolCalls}), then, once the tool results are in the conversation, with the usual answer followed by
 * the results in brackets.
 * <p>
 * Chat and completions honour {@code "stream": true} with server-sent events ending in {@code data: [DONE]}.
 * Baseten-style streams close with a usage-only chunk (no choices), Databricks-style streams carry the usage on
 * the chunk with the finish reason.
 * <p>
 * Run it on its own with {@code main}: {@code LocalLlmEmulator [port] [webhookSecret]}.
 */
public final class LocalLlmEmulator implements AutoCloseable {

    /** The webhook secret used when none is configured. */
    public static final String DEFAULT_WEBHOOK_SECRET = "whsec_emulator_demo_secret";
    /** The model id the emulator reports in webhook deliveries and async status answers. */
    public static final String MODEL_ID = "emu12345";
    /** The deployment id the emulator reports in webhook deliveries and async status answers. */
    public static final String DEPLOYMENT_ID = "dep-emu01";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INVOCATIONS = Pattern
            .compile("^/serving-endpoints/([^/]+)(?:/served-models/([^/]+))?/invocations$");
    private static final Pattern ASYNC_REQUEST = Pattern.compile("^/async_request/([^/]+)$");

    private final int requestedPort;
    private final String webhookSecret;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> asyncRequests = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile long chunkDelayMillis = 15;
    private volatile long webhookDelayMillis = 200;
    private volatile long webhookRetryDelayMillis = 2000;

    private HttpServer server;
    private ExecutorService handlers;
    private ScheduledExecutorService scheduler;
    private HttpClient webhookClient;

    /** An emulator on a free port, signing webhooks with {@link #DEFAULT_WEBHOOK_SECRET}. */
    public LocalLlmEmulator() {
        this(0, DEFAULT_WEBHOOK_SECRET);
    }

    /**
     * @param port          the port to listen on (loopback only), 0 for a free one
     * @param webhookSecret the secret ({@code whsec_...}) webhook deliveries are signed with; null or blank sends
     *                      them unsigned
     */
    public LocalLlmEmulator(int port, String webhookSecret) {
        this.requestedPort = port;
        this.webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret;
    }

    /** Runs the emulator until the process is stopped: {@code [port, default 8765] [webhookSecret]}. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8765;
        String secret = args.length > 1 ? args[1] : DEFAULT_WEBHOOK_SECRET;
        LocalLlmEmulator emulator = new LocalLlmEmulator(port, secret).start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "llm-emulator-shutdown"));
        System.out.println("LLM emulator listening on " + emulator.url());
        System.out.println("  Baseten Model APIs : baseUrl=" + emulator.basetenBaseUrl());
        System.out.println("  Baseten dedicated  : modelUrl=" + emulator.basetenModelUrl());
        System.out.println("  Databricks         : host=" + emulator.url());
        System.out.println("  webhook secret     : "
                           + (DEFAULT_WEBHOOK_SECRET.equals(secret) ? secret + " (the default)" : "as given"));
        Thread.currentThread().join();
    }

    /** Starts listening; returns this emulator. */
    public synchronized LocalLlmEmulator start() throws IOException {
        if (server != null) {
            return this;
        }
        handlers = Executors.newCachedThreadPool(daemonThreads("llm-emulator-http"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("llm-emulator-webhook"));
        webhookClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(handlers)
                .build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Stops listening and cancels pending webhook deliveries. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        scheduler.shutdownNow();
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the Databricks {@code host}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The Baseten Model APIs {@code baseUrl} ({@code .../v1}). */
    public String basetenBaseUrl() {
        return url() + "/v1";
    }

    /** A Baseten dedicated deployment {@code modelUrl} (production environment's predict URL). */
    public String basetenModelUrl() {
        return url() + "/environments/production/predict";
    }

    /** Pause between two streamed chunks (default 15 ms), so streaming is visible. */
    public LocalLlmEmulator chunkDelay(long millis) {
        this.chunkDelayMillis = millis;
        return this;
    }

    /** Time between an accepted async request and its webhook delivery (default 200 ms). */
    public LocalLlmEmulator webhookDelay(long millis) {
        this.webhookDelayMillis = millis;
        return this;
    }

    /** Time before the second (last) delivery attempt when the first failed (default 2 s, as Baseten). */
    public LocalLlmEmulator webhookRetryDelay(long millis) {
        this.webhookRetryDelayMillis = millis;
        return this;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** Every webhook delivery attempt made so far, oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return Collections.unmodifiableList(deliveries);
    }

    /**
     * Waits until at least {@code count} webhook delivery attempts are recorded (an attempt is recorded once the
     * receiver has answered it).
     *
     * @return the deliveries recorded by then, oldest first
     */
    public List<WebhookDelivery> awaitWebhookDeliveries(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (deliveries.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return webhookDeliveries();
    }

    /** Forgets recorded requests and deliveries. */
    public void reset() {
        requests.clear();
        deliveries.clear();
    }

    /** The deterministic answer to a question: the question in upper case. */
    public static String answerFor(String question) {
        return question == null ? "" : question.toUpperCase(Locale.ROOT);
    }

    /** The emulator's token count of a text: its whitespace-separated words. */
    public static int countTokens(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return text.trim().split("\\s+").length;
    }

    /** The hex HMAC-SHA256 of a body under a secret: the {@code v1=} value of {@code X-BASETEN-SIGNATURE}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = http.getRequestMethod();
            String path = http.getRequestURI().getPath();
            Map<String, String> headers = new LinkedHashMap<>();
            http.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            requests.add(new RecordedRequest(method, path, headers, new String(body, StandardCharsets.UTF_8)));
            boolean databricks = path.startsWith("/serving-endpoints/") || path.startsWith("/oidc/");
            try {
                route(http, method, path, headers, body, databricks);
            } catch (BadRequest e) {
                error(http, 400, databricks, "BAD_REQUEST", e.getMessage());
            } catch (IOException e) {
                // the client went away mid-answer: nothing more to say
            } catch (RuntimeException e) {
                error(http, 500, databricks, "INTERNAL_ERROR", "Emulator failure: " + e);
            }
        }
    }

    private void route(HttpExchange http, String method, String path, Map<String, String> headers, byte[] body,
                       boolean databricks) throws IOException {
        if ("POST".equals(method) && path.equals("/oidc/v1/token")) {
            String auth = headers.getOrDefault("authorization", "");
            if (!auth.startsWith("Basic ")) {
                error(http, 401, true, "UNAUTHENTICATED", "Client credentials are required (HTTP Basic)");
                return;
            }
            ObjectNode token = NODES.objectNode();
            token.put("access_token", "emulator-oauth-token-" + ids.incrementAndGet());
            token.put("token_type", "Bearer");
            token.put("expires_in", 3600);
            json(http, 200, token);
            return;
        }
        String auth = headers.get("authorization");
        if (auth == null || auth.isBlank()) {
            error(http, 401, databricks, "UNAUTHENTICATED",
                    databricks ? "Credential was not sent or was of an unsupported type for this API."
                            : "Missing API key: send Authorization: Api-Key <key>");
            return;
        }
        Matcher invocation = INVOCATIONS.matcher(path);
        Matcher asyncRequest = ASYNC_REQUEST.matcher(path);
        if ("POST".equals(method) && invocation.matches()) {
            databricksInvocation(http, invocation.group(1), parse(body));
        } else if ("POST".equals(method) && path.endsWith("/chat/completions")) {
            chat(http, parse(body), null, true);
        } else if ("POST".equals(method) && path.endsWith("/v1/completions")) {
            completion(http, parse(body), null, true);
        } else if ("POST".equals(method) && path.endsWith("/v1/embeddings")) {
            embedding(http, parse(body), null);
        } else if ("POST".equals(method) && path.endsWith("/async_predict")) {
            asyncPredict(http, parse(body));
        } else if ("POST".equals(method) && path.endsWith("/predict")) {
            ObjectNode out = NODES.objectNode();
            out.set("output", transform(parse(body)));
            json(http, 200, out);
        } else if ("GET".equals(method) && path.endsWith("/async_queue_status")) {
            ObjectNode out = NODES.objectNode();
            out.put("model_id", MODEL_ID);
            out.put("deployment_id", DEPLOYMENT_ID);
            out.put("num_queued_requests", 0);
            out.put("num_in_progress_requests", 0);
            json(http, 200, out);
        } else if (asyncRequest.matches() && ("GET".equals(method) || "DELETE".equals(method))) {
            ObjectNode status = asyncRequests.get(asyncRequest.group(1));
            if (status == null) {
                error(http, 404, false, "NOT_FOUND", "Unknown async request " + asyncRequest.group(1));
            } else if ("GET".equals(method)) {
                json(http, 200, status);
            } else {
                ObjectNode out = NODES.objectNode();
                out.put("request_id", asyncRequest.group(1));
                out.put("canceled", false);
                out.put("message", "Only QUEUED requests can be canceled; this one is " + status.path("status").asText());
                json(http, 200, out);
            }
        } else {
            error(http, 404, databricks, "RESOURCE_DOES_NOT_EXIST", "No emulated route for " + method + " " + path);
        }
    }

    private void databricksInvocation(HttpExchange http, String endpoint, JsonNode request) throws IOException {
        if (request.has("messages")) {
            chat(http, request, endpoint, false);
        } else if (request.has("prompt")) {
            completion(http, request, endpoint, false);
        } else if (request.has("input")) {
            embedding(http, request, endpoint);
        } else {
            throw new BadRequest("The body has none of messages (chat), prompt (completions), input (embeddings)");
        }
    }

    // ---- chat ----------------------------------------------------------------------------------------------------

    private void chat(HttpExchange http, JsonNode request, String endpoint, boolean baseten) throws IOException {
        JsonNode messages = request.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("messages must be a non-empty array");
        }
        String question = null;
        int promptTokens = 0;
        for (JsonNode message : messages) {
            String text = text(message.get("content"));
            promptTokens += countTokens(text);
            if ("user".equals(message.path("role").asText())) {
                question = text;
            }
        }
        if (question == null) {
            throw new BadRequest("messages holds no user message");
        }
        String answer = answerFor(question);
        String model = endpoint != null ? endpoint : request.path("model").asText("emulated-model");
        JsonNode tools = request.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            List<String> results = EmulatedToolCalls.results(messages);
            if (results.isEmpty()) {
                toolCalls(http, request, question, tools.get(0), model, promptTokens);
                return;
            }
            answer = answer + " [" + String.join("; ", results) + "]";
        }
        ObjectNode usage = usage(promptTokens, countTokens(answer));
        String id = "chatcmpl-emu-" + ids.incrementAndGet();
        if (request.path("stream").asBoolean(false)) {
            List<String> pieces = pieces(answer);
            List<ObjectNode> chunks = new ArrayList<>();
            ObjectNode first = chatChunk(id, model);
            ObjectNode firstDelta = chunkChoice(first);
            firstDelta.put("role", "assistant");
            firstDelta.put("content", "");
            chunks.add(first);
            for (String piece : pieces) {
                ObjectNode chunk = chatChunk(id, model);
                chunkChoice(chunk).put("content", piece);
                chunks.add(chunk);
            }
            ObjectNode last = chatChunk(id, model);
            chunkChoice(last);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "stop");
            chunks.add(last);
            if (baseten) {
                // Baseten closes with a usage-only chunk, no choices
                ObjectNode usageChunk = chatChunk(id, model);
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage);
                chunks.add(usageChunk);
            } else {
                last.set("usage", usage);
            }
            sse(http, chunks);
            return;
        }
        ObjectNode out = NODES.objectNode();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", Instant.now().getEpochSecond());
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer);
        choice.put("finish_reason", "stop");
        out.set("usage", usage);
        json(http, 200, out);
    }

    /** Answers a chat that offers tools and has no results yet with calls of the first tool. */
    private void toolCalls(HttpExchange http, JsonNode request, String question, JsonNode tool, String model,
                           int promptTokens) throws IOException {
        ArrayNode calls = EmulatedToolCalls.calls(question, tool, () -> "call_emu_" + ids.incrementAndGet());
        ObjectNode usage = usage(promptTokens, 5 * calls.size());
        String id = "chatcmpl-emu-" + ids.incrementAndGet();
        if (request.path("stream").asBoolean(false)) {
            ObjectNode first = chatChunk(id, model);
            ObjectNode delta = chunkChoice(first);
            delta.put("role", "assistant");
            ArrayNode deltas = delta.putArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                deltas.addObject().put("index", i).setAll((ObjectNode) calls.get(i));
            }
            ObjectNode last = chatChunk(id, model);
            chunkChoice(last);
            ((ObjectNode) last.get("choices").get(0)).put("finish_reason", "tool_calls");
            last.set("usage", usage);
            sse(http, List.of(first, last));
            return;
        }
        ObjectNode out = NODES.objectNode();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", Instant.now().getEpochSecond());
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.putNull("content");
        message.set("tool_calls", calls);
        choice.put("finish_reason", "tool_calls");
        out.set("usage", usage);
        json(http, 200, out);
    }

    private static ObjectNode chatChunk(String id, String model) {
        ObjectNode chunk = NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", Instant.now().getEpochSecond());
        chunk.put("model", model);
        return chunk;
    }

    private static ObjectNode chunkChoice(ObjectNode chunk) {
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        return choice.putObject("delta");
    }

    // ---- completions ---------------------------------------------------------------------------------------------

    private void completion(HttpExchange http, JsonNode request, String endpoint, boolean baseten) throws IOException {
        JsonNode promptNode = request.get("prompt");
        List<String> prompts = new ArrayList<>();
        if (promptNode.isArray()) {
            promptNode.forEach(p -> prompts.add(p.asText()));
        } else {
            prompts.add(promptNode.asText());
        }
        String model = endpoint != null ? endpoint : request.path("model").asText("emulated-model");
        String id = "cmpl-emu-" + ids.incrementAndGet();
        int promptTokens = prompts.stream().mapToInt(LocalLlmEmulator::countTokens).sum();
        int completionTokens = prompts.stream().mapToInt(p -> countTokens(answerFor(p))).sum();
        ObjectNode usage = usage(promptTokens, completionTokens);
        if (request.path("stream").asBoolean(false)) {
            if (prompts.size() != 1) {
                throw new BadRequest("Streaming takes one prompt");
            }
            List<ObjectNode> chunks = new ArrayList<>();
            for (String piece : pieces(answerFor(prompts.get(0)))) {
                ObjectNode chunk = completionObject(id, model);
                ObjectNode choice = chunk.putArray("choices").addObject();
                choice.put("index", 0);
                choice.put("text", piece);
                choice.putNull("finish_reason");
                chunks.add(chunk);
            }
            ObjectNode last = completionObject(id, model);
            ObjectNode choice = last.putArray("choices").addObject();
            choice.put("index", 0);
            choice.put("text", "");
            choice.put("finish_reason", "stop");
            last.set("usage", usage);
            chunks.add(last);
            sse(http, chunks);
            return;
        }
        ObjectNode out = completionObject(id, model);
        ArrayNode choices = out.putArray("choices");
        for (int i = 0; i < prompts.size(); i++) {
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            choice.put("text", answerFor(prompts.get(i)));
            choice.put("finish_reason", "stop");
        }
        out.set("usage", usage);
        json(http, 200, out);
    }

    private static ObjectNode completionObject(String id, String model) {
        ObjectNode out = NODES.objectNode();
        out.put("id", id);
        out.put("object", "text_completion");
        out.put("created", Instant.now().getEpochSecond());
        out.put("model", model);
        return out;
    }

    // ---- embeddings ----------------------------------------------------------------------------------------------

    private void embedding(HttpExchange http, JsonNode request, String endpoint) throws IOException {
        JsonNode input = request.get("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(t -> texts.add(t.asText()));
        } else {
            texts.add(input.asText());
        }
        ObjectNode out = NODES.objectNode();
        out.put("object", "list");
        out.put("model", endpoint != null ? endpoint : request.path("model").asText("emulated-embedder"));
        ArrayNode data = out.putArray("data");
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (float v : embeddingOf(texts.get(i))) {
                vector.add(v);
            }
            tokens += countTokens(texts.get(i));
        }
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        json(http, 200, out);
    }

    /** The emulator's deterministic 8-dimensional embedding of a text. */
    public static float[] embeddingOf(String text) {
        float[] v = new float[8];
        int h = text.hashCode();
        for (int i = 0; i < v.length; i++) {
            h = h * 31 + i * 7919 + 17;
            v[i] = ((h >>> 8) % 2000) / 1000f - 1f;
        }
        return v;
    }

    // ---- async predict and webhook -------------------------------------------------------------------------------

    private void asyncPredict(HttpExchange http, JsonNode request) throws IOException {
        if (!request.has("model_input")) {
            throw new BadRequest("model_input is required");
        }
        String requestId = String.format("req-%08d", ids.incrementAndGet());
        String webhook = request.path("webhook_endpoint").asText(null);
        ObjectNode status = NODES.objectNode();
        status.put("request_id", requestId);
        status.put("model_id", MODEL_ID);
        status.put("deployment_id", DEPLOYMENT_ID);
        status.put("status", "QUEUED");
        status.put("webhook_status", webhook == null ? "NO_WEBHOOK_PROVIDED" : "PENDING");
        status.put("created_at", Instant.now().toString());
        status.put("status_at", Instant.now().toString());
        status.putArray("errors");
        asyncRequests.put(requestId, status);

        ObjectNode payload = NODES.objectNode();
        payload.put("request_id", requestId);
        payload.put("model_id", MODEL_ID);
        payload.put("deployment_id", DEPLOYMENT_ID);
        payload.put("type", "async_request_completed");
        ObjectNode data = NODES.objectNode();
        data.set("output", transform(request.get("model_input")));
        payload.set("data", data);
        payload.putArray("errors");
        scheduler.schedule(() -> complete(status, webhook, payload, 1), webhookDelayMillis, TimeUnit.MILLISECONDS);

        ObjectNode out = NODES.objectNode();
        out.put("request_id", requestId);
        json(http, 201, out);
    }

    private void complete(ObjectNode status, String webhook, ObjectNode payload, int attempt) {
        status.put("status", "SUCCEEDED");
        status.put("status_at", Instant.now().toString());
        if (webhook == null) {
            return;
        }
        if (!payload.has("time")) {
            // the completion time: a retried delivery repeats the same body
            payload.put("time", Instant.now().toString());
        }
        byte[] body = write(payload);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(webhook))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-BASETEN-REQUEST-ID", payload.get("request_id").asText())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String signature = null;
        if (webhookSecret != null) {
            signature = "v1=" + sign(webhookSecret, body);
            post.header("X-BASETEN-SIGNATURE", signature);
        }
        int code;
        try {
            code = webhookClient.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            code = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        deliveries.add(new WebhookDelivery(payload.get("request_id").asText(), webhook, attempt, code,
                new String(body, StandardCharsets.UTF_8), signature));
        boolean retry = code == -1 || code == 500 || code == 502 || code == 503 || code == 504;
        if (retry && attempt < 2 && !scheduler.isShutdown()) {
            scheduler.schedule(() -> complete(status, webhook, payload, attempt + 1), webhookRetryDelayMillis,
                    TimeUnit.MILLISECONDS);
        } else {
            status.put("webhook_status", code >= 200 && code < 300 ? "SUCCEEDED" : "FAILED");
        }
    }

    /** What the emulated model makes of an input: text is upper-cased, wherever it sits in the JSON. */
    private static JsonNode transform(JsonNode input) {
        if (input == null) {
            return NODES.nullNode();
        }
        if (input.isTextual()) {
            return NODES.textNode(answerFor(input.asText()));
        }
        if (input.isObject()) {
            ObjectNode out = NODES.objectNode();
            input.fields().forEachRemaining(e -> out.set(e.getKey(), transform(e.getValue())));
            return out;
        }
        if (input.isArray()) {
            ArrayNode out = NODES.arrayNode();
            input.forEach(e -> out.add(transform(e)));
            return out;
        }
        return input;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = NODES.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    /** The answer cut into word-sized pieces ({@code "HELLO"}, {@code " WORLD"}), as a model would stream it. */
    static List<String> pieces(String answer) {
        List<String> pieces = new ArrayList<>();
        Matcher m = Pattern.compile("\\s*\\S+").matcher(answer);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    /** A message's content as text: a string, or the text parts of a list. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                sb.append(part.path("text").asText());
            }
        }
        return sb.toString();
    }

    private void sse(HttpExchange http, List<ObjectNode> chunks) throws IOException {
        http.getResponseHeaders().set("Content-Type", "text/event-stream");
        http.getResponseHeaders().set("Cache-Control", "no-cache");
        http.sendResponseHeaders(200, 0);
        OutputStream out = http.getResponseBody();
        for (ObjectNode chunk : chunks) {
            out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            pause();
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.close();
    }

    private void pause() {
        if (chunkDelayMillis > 0) {
            try {
                Thread.sleep(chunkDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void json(HttpExchange http, int status, JsonNode body) throws IOException {
        byte[] bytes = write(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange http, int status, boolean databricks, String code, String message)
            throws IOException {
        ObjectNode body = NODES.objectNode();
        if (databricks) {
            body.put("error_code", code);
            body.put("message", message);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", message);
            error.put("type", code.toLowerCase(Locale.ROOT));
            error.put("code", status);
        }
        json(http, status, body);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("The body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new BadRequest("The body is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * One request as the emulator received it.
     *
     * @param headers header names in lower case, several values joined with a comma
     */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON: " + body, e);
            }
        }
    }

    /**
     * One webhook delivery attempt.
     *
     * @param status the receiver's HTTP status, -1 when it could not be reached
     */
    public record WebhookDelivery(String requestId, String url, int attempt, int status, String body,
            String signature) {
    }
}
