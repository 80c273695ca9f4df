package io.github.camelai.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Baseten and Databricks model serving, good enough for the demo and the examples' tests.
 * It runs on the JDK's own HTTP server (no extra dependencies) and answers deterministically: the answer to a
 * chat is the last user message in upper case ({@link #answerFor(String)}), and a token is a whitespace-separated
 * word ({@link #countTokens(String)}).
 * <p>
 * What it serves (every call must carry an {@code Authorization} header, else 401 in the service's error shape; with
 * a {@link #credential(String) credential} set, that one; any other path is a 404, with a hint when a Baseten URL
 * lacks its {@code /v1}):
 * <ul>
 * <li>Baseten Model APIs: {@code POST /v1/chat/completions} (and {@code /v1/completions}, {@code /v1/embeddings});
 * Baseten dedicated OpenAI-compatible routes: {@code POST {target}/sync/v1/chat/completions},
 * {@code .../sync/v1/completions}, {@code .../sync/v1/embeddings}, where {@code {target}} is {@code /production},
 * {@code /development}, {@code /environments/{env}} or {@code /deployment/{id}}.</li>
 * <li>Baseten dedicated {@code POST {target}/predict} (echoes the input as {@code {"output": ..}}),
 * {@code POST {target}/async_predict} (answers {@code {"request_id"}} and, shortly after, POSTs a signed webhook
 * delivery to the request's {@code webhook_endpoint}), {@code GET|DELETE /async_request/{id}},
 * {@code GET {target}/async_queue_status}.</li>
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
 * <p>
 * This class is the emulator's face (lifecycle, settings, what it recorded); {@link EmulatorRouter} routes,
 * {@link OpenAiCompatibleAnswers} and {@link BasetenDedicatedAnswers} answer, {@link EmulatedModel} decides
 * what the model says.
 */
public final class LocalLlmEmulator implements AutoCloseable {

    /** The webhook secret used when none is configured. */
    public static final String DEFAULT_WEBHOOK_SECRET = "whsec_emulator_demo_secret";
    /** The model id the emulator reports in webhook deliveries and async status answers. */
    public static final String MODEL_ID = "emu12345";
    /** The deployment id the emulator reports in webhook deliveries and async status answers. */
    public static final String DEPLOYMENT_ID = "dep-emu01";

    private final int requestedPort;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    // one counter for every id the emulator hands out (tokens, completions, tool calls, async requests)
    private final AtomicInteger ids = new AtomicInteger();
    private final BasetenDedicatedAnswers baseten;
    private final EmulatorRouter router;
    private final String webhookSecret;
    private volatile long chunkDelayMillis = 15;
    private volatile long webhookDelayMillis = 200;
    private volatile long webhookRetryDelayMillis = 2000;
    private volatile String credential;

    private HttpServer server;
    private ExecutorService handlers;
    private ScheduledExecutorService scheduler;

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
        // the delays are read through suppliers so the fluent setters still apply to a running emulator
        this.baseten = new BasetenDedicatedAnswers(ids,
                webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret, deliveries,
                () -> webhookDelayMillis, () -> webhookRetryDelayMillis);
        this.router = new EmulatorRouter(requests, ids, new OpenAiCompatibleAnswers(ids, () -> chunkDelayMillis),
                baseten, () -> credential);
        this.webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret;
    }

    /**
     * Runs the emulator until the process is stopped: {@code [port, default 8765] [webhookSecret] [credential]}
     * (without a credential, any non-empty API key or token is accepted).
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8765;
        String secret = args.length > 1 ? args[1] : DEFAULT_WEBHOOK_SECRET;
        LocalLlmEmulator emulator = new LocalLlmEmulator(port, secret).credential(args.length > 2 ? args[2] : null).start();
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "llm-emulator-shutdown"));
        System.out.println("LLM emulator listening on " + emulator.url());
        System.out.println("  Baseten Model APIs : baseUrl=" + emulator.basetenBaseUrl());
        System.out.println("  Baseten dedicated  : modelUrl=" + emulator.basetenModelUrl());
        System.out.println("  Databricks         : host=" + emulator.url());
        System.out.println("  webhook secret     : "
                           + (DEFAULT_WEBHOOK_SECRET.equals(secret) ? secret + " (the default)" : "as given"));
        System.out.println("  credentials        : "
                           + (emulator.credential == null ? "any non-empty API key or token" : "only the one given"));
        Thread.currentThread().join();
    }

    /** Starts listening; returns this emulator. */
    public synchronized LocalLlmEmulator start() throws IOException {
        if (server != null) {
            return this;
        }
        handlers = Executors.newCachedThreadPool(daemonThreads("llm-emulator-http"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("llm-emulator-webhook"));
        baseten.deliverWith(scheduler, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(handlers)
                .build());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
        server.setExecutor(handlers);
        server.createContext("/", router);
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

    /** The port it listens on; only while started. */
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

    /**
     * The one API key or token accepted ({@code Authorization: Api-Key <it>} or {@code Bearer <it>}; for Databricks
     * OAuth, the client secret, and the tokens it was exchanged for): anything else gets a 401 as from the real
     * service, so a route that sends the wrong credential fails here too. Null or blank (the default) accepts any
     * non-empty credential.
     */
    public LocalLlmEmulator credential(String credential) {
        this.credential = credential == null || credential.isBlank() ? null : credential;
        return this;
    }

    /** The credential set with {@link #credential(String)}, null when any is accepted. */
    public String credential() {
        return credential;
    }

    /** The secret webhook deliveries are signed with, null when they are sent unsigned. */
    public String webhookSecret() {
        return webhookSecret;
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
        return EmulatedModel.answerFor(question);
    }

    /** The emulator's token count of a text: its whitespace-separated words. */
    public static int countTokens(String text) {
        return EmulatedModel.countTokens(text);
    }

    /** The hex HMAC-SHA256 of a body under a secret: the {@code v1=} value of {@code X-BASETEN-SIGNATURE}. */
    public static String sign(String secret, byte[] body) {
        return BasetenDedicatedAnswers.sign(secret, body);
    }

    /** The emulator's deterministic 8-dimensional embedding of a text. */
    public static float[] embeddingOf(String text) {
        return EmulatedModel.embeddingOf(text);
    }

    /** The answer cut into word-sized pieces ({@code "HELLO"}, {@code " WORLD"}), as the emulator streams it. */
    static List<String> pieces(String answer) {
        return EmulatedModel.pieces(answer);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }


    /**
     * One request as the emulator received it.
     *
     * @param headers header names in lower case, several values joined with a comma
     */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return EmulatorHttp.JSON.readTree(body);
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
