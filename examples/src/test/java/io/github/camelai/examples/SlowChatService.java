package io.github.camelai.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Databricks-style chat service for the enrichment tests: it answers {@code "Answer to: <question>"} after a
 * real latency (a scheduler writes the answer: a waiting call holds no thread), and refuses with a 400 every
 * question that starts with {@value #REFUSED_PREFIX}. It counts the calls each question received and the most
 * calls it had in flight at once.
 */
final class SlowChatService implements AutoCloseable {

    static final String REFUSED_PREFIX = "refuse:";
    static final int COMPLETION_TOKENS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2000");
    }

    private final long latencyMillis;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final ScheduledExecutorService responders = Executors.newScheduledThreadPool(2);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> callsPerQuestion = new ConcurrentHashMap<>();
    private volatile int answerPadding;

    SlowChatService(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * The enrichment tests run in the default surefire execution only: with {@code -Dtest=...} the secrets-trace
     * execution (examples/pom.xml) would run them again with TRACE logging, too slow for their timings.
     */
    static void skipUnderTrace() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("secrets.trace"),
                "not in the secrets-trace execution");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String answerFor(String question) {
        return "Answer to: " + question;
    }

    /** The prompt tokens the service reports for a question: its words. */
    static int promptTokens(String question) {
        return question.split("\\s+").length;
    }

    /** Makes every answer from now on {@code characters} longer (0: the plain answer). */
    void padAnswers(int characters) {
        answerPadding = characters;
    }

    int peakInFlight() {
        return peakInFlight.get();
    }

    /** Calls received per question (refused ones included). */
    Map<String, AtomicInteger> callsPerQuestion() {
        return callsPerQuestion;
    }

    int calls() {
        return callsPerQuestion.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in);
        }
        String question = request.at("/messages/0/content").asText();
        callsPerQuestion.computeIfAbsent(question, q -> new AtomicInteger()).incrementAndGet();
        if (question.startsWith(REFUSED_PREFIX)) {
            respond(exchange, 400, "{\"error_code\":\"BAD_REQUEST\",\"message\":\"The question was refused\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String model = path.replaceAll("^/serving-endpoints/([^/]+)/invocations$", "$1");
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        int padding = answerPadding;
        responders.schedule(() -> {
            // out of flight before the answer is written: the client may send its next call as soon as it reads
            // this one, before a decrement after the write would have run, and the peak would count one too many
            inFlight.decrementAndGet();
            try {
                respond(exchange, 200, completion(model, question, padding));
            } catch (IOException e) {
                exchange.close();
            }
        }, latencyMillis, TimeUnit.MILLISECONDS);
    }

    private static String completion(String model, String question, int padding) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-slow").put("object", "chat.completion").put("created", 1700000000).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answerFor(question) + " ".repeat(padding));
        int prompt = promptTokens(question);
        root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", prompt + COMPLETION_TOKENS);
        return JSON.writeValueAsString(root);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        responders.shutdownNow();
        handlers.shutdownNow();
    }
}
