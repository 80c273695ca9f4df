package io.github.camelai.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.model.Usage;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The demo: starts the {@link LocalLlmEmulator} on a free port, starts Camel Main with the YAML routes of
 * {@code src/main/resources/routes} (all but the Kafka flow, which needs a broker) and the Java DSL
 * {@link BasetenChatRoute}, all pointed at the emulator through properties, then sends a few questions through
 * Baseten and Databricks (plain and streamed) and one async request whose result comes back on the
 * {@code baseten:webhook} consumer, prints the answers and token counts, and stops.
 * <p>
 * Run with {@code mvn -B -q -pl examples -am install -DskipTests && mvn -B -q -pl examples exec:exec}.
 */
public final class DemoMain {

    /** The YAML routes the demo loads. */
    public static final String ROUTES = "classpath:routes/baseten-chat.yaml,classpath:routes/databricks-chat.yaml,"
                                        + "classpath:routes/streaming-chat.yaml,classpath:routes/async-webhook.yaml,"
                                        + "classpath:routes/tools-chat.yaml";

    private static final String WEBHOOK_SECRET = "whsec_demo_0123456789abcdef";

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean ok = run(System.out);
        if (!ok) {
            System.exit(1);
        }
    }

    /**
     * Points the example routes' settings ({@code application.properties}) at the emulator, with the platform-http
     * server on {@code httpPort} (loopback only) and the given routes.
     */
    static void pointAt(Main main, LocalLlmEmulator emulator, int httpPort, String webhookSecret, String routes) {
        Map.of(
                "baseten.baseUrl", emulator.basetenBaseUrl(),
                "baseten.apiKey", "demo-baseten-api-key",
                "baseten.modelUrl", emulator.basetenModelUrl(),
                "baseten.webhookUrl", "http://127.0.0.1:" + httpPort + "/baseten/results",
                "baseten.webhookSecret", webhookSecret,
                "databricks.host", emulator.url(),
                "databricks.token", "dapi-demo-token",
                "camel.server.enabled", "true",
                "camel.server.port", Integer.toString(httpPort),
                "camel.main.routesIncludePattern", routes)
                .forEach(main::addOverrideProperty);
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
    }

    /**
     * Runs the whole demo, printing to {@code out}.
     *
     * @return true when every step got its answer
     */
    public static boolean run(PrintStream out) throws Exception {
        try (LocalLlmEmulator emulator = new LocalLlmEmulator(0, WEBHOOK_SECRET).chunkDelay(40).start()) {
            int httpPort = freePort();
            Main main = new Main();
            pointAt(main, emulator, httpPort, WEBHOOK_SECRET, ROUTES);
            main.addOverrideProperty("camel.main.name", "llm-demo");
            main.configure().addRoutesBuilder(new BasetenChatRoute());

            out.println("LLM emulator at " + emulator.url() + "; webhook server on port " + httpPort);
            main.start();
            try {
                return demo(main.getCamelContext(), out);
            } finally {
                main.stop();
            }
        }
    }

    private static boolean demo(CamelContext context, PrintStream out) {
        ProducerTemplate producer = context.createProducerTemplate();
        ConsumerTemplate consumer = context.createConsumerTemplate();
        boolean ok = true;

        section(out, "Baseten Model APIs chat (routes/baseten-chat.yaml)");
        for (String q : List.of("What is Apache Camel?", "Name three enterprise integration patterns.")) {
            ok &= chat(producer, out, "direct:baseten-chat", "CamelBaseten", q);
        }

        section(out, "Databricks serving endpoint chat (routes/databricks-chat.yaml)");
        for (String q : List.of("Summarize the lakehouse idea in one line.", "What does a serving endpoint do?")) {
            ok &= chat(producer, out, "direct:databricks-chat", "CamelDatabricksAi", q);
        }

        section(out, "The same Baseten chat in the Java DSL (BasetenChatRoute)");
        ok &= chat(producer, out, "direct:baseten-chat-java", "CamelBaseten", "Why use a Java route?");

        section(out, "Camel routes as tools (routes/tools-chat.yaml)");
        String toolQuestion = "What is the weather in Paris and Rome?";
        out.println("Q: " + toolQuestion);
        Exchange tools = producer.request("direct:tools-chat", e -> e.getMessage().setBody(toolQuestion));
        if (tools.getException() != null) {
            out.println("   failed: " + tools.getException());
            ok = false;
        } else {
            Message m = tools.getMessage();
            out.println("A: " + m.getBody() + "   (" + m.getHeader("CamelBasetenToolIterations")
                        + " round of tool calls; tokens over all rounds: " + tokens(m.getHeader("CamelBasetenPromptTokens"),
                                m.getHeader("CamelBasetenCompletionTokens"), m.getHeader("CamelBasetenTotalTokens")) + ")");
            ok &= (LocalLlmEmulator.answerFor(toolQuestion) + " [Paris: 21 °C, sunny; Rome: 21 °C, sunny]")
                    .equals(m.getBody(String.class));
        }

        section(out, "Streaming chat, one exchange per chunk (routes/streaming-chat.yaml)");
        String q = "stream this answer word by word please";
        out.println("Q: " + q);
        Object chunks = producer.requestBody("direct:streaming-chat", q);
        StringBuilder text = new StringBuilder();
        Usage usage = null;
        int count = 0;
        if (chunks instanceof List<?> list) {
            for (Object chunk : list) {
                count++;
                if (chunk instanceof StreamChunk c) {
                    text.append(c.text() == null ? "" : c.text());
                    usage = c.getUsage() != null ? c.getUsage() : usage;
                }
            }
        }
        out.println("A: " + text + "   (" + count + " chunks"
                    + (usage != null ? "; tokens: " + tokens(usage.getPromptTokens(), usage.getCompletionTokens(),
                            usage.getTotalTokens()) : "")
                    + ")");
        ok &= LocalLlmEmulator.answerFor(q).contentEquals(text);

        section(out, "Streamed on the wire, one answer for the route (streamOutput=aggregate, Databricks)");
        String once = "stream on the wire answer once";
        Exchange streamed = producer.request("direct:databricks-streaming-chat", e -> e.getMessage().setBody(once));
        ok &= print(out, once, streamed, "CamelDatabricksAi");
        if (streamed.getException() == null) {
            out.println("   first token after " + streamed.getMessage().getHeader("CamelDatabricksAiTimeToFirstToken")
                        + " ms");
        }

        section(out, "Async predict + signed webhook (routes/async-webhook.yaml)");
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", "a long running job");
        input.put("max_tokens", 64);
        out.println("model_input: " + input);
        String requestId = producer.requestBody("direct:async-predict", input, String.class);
        out.println("accepted, request id: " + requestId);
        Exchange result = consumer.receive("seda:async-results", 15_000);
        if (result == null) {
            out.println("no webhook delivery within 15 s");
            ok = false;
        } else {
            Message m = result.getMessage();
            out.println("webhook delivered request " + m.getHeader("CamelBasetenAsyncRequestId") + " from model "
                        + m.getHeader("CamelBasetenModelId") + ": " + m.getBody());
            ok &= requestId != null && requestId.equals(m.getHeader("CamelBasetenAsyncRequestId"));
        }

        section(out, ok ? "Demo finished: every answer arrived" : "Demo finished with missing answers");
        return ok;
    }

    private static boolean chat(ProducerTemplate producer, PrintStream out, String uri, String prefix, String q) {
        return print(out, q, producer.request(uri, e -> e.getMessage().setBody(q)), prefix);
    }

    private static boolean print(PrintStream out, String q, Exchange exchange, String prefix) {
        out.println("Q: " + q);
        if (exchange.getException() != null) {
            out.println("   failed: " + exchange.getException());
            return false;
        }
        Message m = exchange.getMessage();
        String answer = m.getBody(String.class);
        out.println("A: " + answer + "   (model " + m.getHeader(prefix + "ResponseModel") + "; tokens: "
                    + tokens(m.getHeader(prefix + "PromptTokens"), m.getHeader(prefix + "CompletionTokens"),
                            m.getHeader(prefix + "TotalTokens"))
                    + ")");
        return LocalLlmEmulator.answerFor(q).equals(answer);
    }

    private static String tokens(Object prompt, Object completion, Object total) {
        return prompt + " in, " + completion + " out, " + total + " total";
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println("=== " + title);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
