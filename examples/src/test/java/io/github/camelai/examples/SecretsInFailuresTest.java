package io.github.camelai.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation's failure paths, both components, OAuth token endpoint failures and the webhook, with the
 * components at TRACE and everything else at DEBUG (this class runs in a surefire execution of its own that sets
 * it; see the pom): no credential may appear in the log, in an exception's message, stack trace text or
 * {@code toString()}. Camel core itself at TRACE prints endpoint URIs as written while it resolves them, RAW() keys
 * included; docs/reliability.md says so.
 * <p>
 * The server is hostile on purpose: every error answer echoes the request's Authorization header back.
 * HttpClient's own wire and header loggers ({@code org.apache.hc.client5.http.wire}, {@code ...headers}) print
 * requests verbatim, as any HTTP client's do, and stay at INFO here; docs/reliability.md says so.
 */
class SecretsInFailuresTest {

    static final String API_KEY = "btkSecretKey9f3c1d2e7a55";
    static final String WEBHOOK_SECRET = "whsec_Secret0a1b2c3d4e5f6789";
    static final String TOKEN = "dapi0123456789abcdef0123456789abcdef";
    static final String CLIENT_ID = "sp-client-id-1";
    static final String CLIENT_SECRET = "doseClientSecret77aa88bb99";
    static final String ACCESS_TOKEN = "eyJAccessToken5566ff7788";

    private final AtomicReference<String> tokenMode = new AtomicReference<>("reject");

    private static List<String> secrets() {
        String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return List.of(API_KEY, WEBHOOK_SECRET, TOKEN, CLIENT_SECRET, ACCESS_TOKEN, basic);
    }

    @Test
    void noCredentialInLogsMessagesOrToString() throws Exception {
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/secrets-trace.log"));
        // only in the secrets-trace surefire execution, which turns TRACE on (also when -Dtest picks this class)
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("secrets.trace"));
        List<String> texts = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::answer);
        server.start();
        int webhookPort = AvailablePortFinder.getNextAvailable();
        CamelContext context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindPort(webhookPort);
        context.addService(new VertxPlatformHttpServer(conf));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("baseten:webhook?path=/hook&webhookSecret=RAW(" + WEBHOOK_SECRET + ")").routeId("hook")
                        .throwException(new IllegalStateException("downstream unavailable"));
            }
        });
        context.start();
        try {
            ProducerTemplate template = context.createProducerTemplate();
            String base = "http://localhost:" + server.getAddress().getPort();
            String apis = "baseten:%s?baseUrl=" + base + "/v1&apiKey=RAW(" + API_KEY + ")&model=m&maxRetries=0";
            String dedicated = "baseten:%s?modelUrl=" + base + "/environments/production/predict&apiKey=RAW(" + API_KEY
                               + ")&maxRetries=0";
            String databricks = "databricks-ai:%s?host=" + base + "&token=RAW(" + TOKEN + ")&model=ep&maxRetries=0";
            String oauth = "databricks-ai:chat?host=" + base + "&clientId=" + CLIENT_ID + "&clientSecret=RAW(" + CLIENT_SECRET
                           + ")&model=ep&maxRetries=0";
            List<Object[]> calls = List.of(
                    new Object[] { String.format(apis, "chat"), "Hi", Map.of() },
                    new Object[] { String.format(apis, "chat") + "&streaming=true&streamOutput=aggregate", "Hi", Map.of() },
                    new Object[] { String.format(apis, "completion"), "Hi", Map.of() },
                    new Object[] { String.format(dedicated, "embedding"), "Hi", Map.of() },
                    new Object[] { String.format(dedicated, "rerank") + "&query=q", List.of("a", "b"), Map.of() },
                    new Object[] { String.format(dedicated, "predict"), Map.of("x", 1), Map.of() },
                    new Object[] { String.format(dedicated, "predict") + "&streaming=true&streamOutput=aggregate",
                            Map.of("x", 1), Map.of() },
                    new Object[] { String.format(dedicated, "async-predict"), Map.of("x", 1), Map.of() },
                    new Object[] { String.format(dedicated, "async-status"), "", Map.of("CamelBasetenAsyncRequestId", "r1") },
                    new Object[] { String.format(dedicated, "async-cancel"), "", Map.of("CamelBasetenAsyncRequestId", "r1") },
                    new Object[] { String.format(dedicated, "async-queue-status"), "", Map.of() },
                    new Object[] { String.format(databricks, "chat"), "Hi", Map.of() },
                    new Object[] { String.format(databricks, "chat") + "&streaming=true&streamOutput=aggregate", "Hi", Map.of() },
                    new Object[] { String.format(databricks, "completion"), "Hi", Map.of() },
                    new Object[] { String.format(databricks, "embedding"), "Hi", Map.of() },
                    new Object[] { String.format(databricks, "responses"), "Hi", Map.of() });
            for (Object[] call : calls) {
                texts.add(fail(template, (String) call[0], call[1], castMap(call[2])));
                texts.add(context.getEndpoint((String) call[0]).toString());
            }
            // the token endpoint refuses, breaks, answers garbage; then works, and the model refuses the token
            for (String mode : List.of("reject", "fail", "garbage", "ok")) {
                tokenMode.set(mode);
                context.removeEndpoints(oauth.substring(0, oauth.indexOf('?')) + "*");
                texts.add(fail(template, oauth, "Hi", Map.of()));
                texts.add(context.getEndpoint(oauth).toString());
            }
            // connection refused: the error names the URL, never the key
            texts.add(fail(template, "baseten:chat?baseUrl=http://localhost:1/v1&apiKey=RAW(" + API_KEY
                                     + ")&model=m&maxRetries=0&connectTimeout=500", "Hi", Map.of()));
            webhook(webhookPort, texts);
            texts.add(context.getRoute("hook").getConsumer().getEndpoint().toString());
            texts.add(context.getComponent("baseten").toString());
            texts.add(context.getComponent("databricks-ai").toString());
        } finally {
            context.close();
            server.stop(0);
        }
        // slf4j-simple opened the file afresh when this JVM started: all of it is this test's
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(logged.contains(" TRACE org.apache.camel.") && logged.contains(" io.github.camelai."),
                "the log was captured at TRACE, ours included");
        assertTrue(logged.contains("401") || logged.contains("Invalid credentials"), "the failures were logged");
        Map<String, String> printers = loggersPrinting(logged);
        // Camel core at TRACE prints endpoint URIs as written, RAW() values included (docs/reliability.md names these)
        for (Map.Entry<String, String> printer : printers.entrySet()) {
            assertTrue(CAMEL_CORE_TRACE_PRINTERS.contains(printer.getKey()),
                    "a credential is in a log line of " + printer.getKey() + ": " + printer.getValue());
        }
        for (String secret : secrets()) {
            for (String text : texts) {
                assertFalse(text.contains(secret), "a credential is in: " + text);
            }
        }
    }

    /** The loggers of Camel core that print a credential given in an endpoint URI, at TRACE only. */
    static final java.util.Set<String> CAMEL_CORE_TRACE_PRINTERS = java.util.Set.of(
            "org.apache.camel.support.EndpointHelper", "org.apache.camel.impl.engine.AbstractCamelContext",
            "org.apache.camel.support.DefaultComponent", "org.apache.camel.impl.PreconditionHelper");

    private static final java.util.regex.Pattern LOG_LINE
            = java.util.regex.Pattern.compile("^(?:\\S+ )?(?:\\[[^\\]]*\\] )?(TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ");

    /**
     * Each logger with a line (or the stack trace under it) that holds a credential, with that line; a line with a
     * credential at any level other than TRACE counts under its level too, so it cannot hide among TRACE lines.
     */
    private static Map<String, String> loggersPrinting(String logged) {
        Map<String, String> printers = new java.util.TreeMap<>();
        String logger = "(before any log line)";
        String level = "";
        for (String line : logged.split("\n")) {
            java.util.regex.Matcher m = LOG_LINE.matcher(line);
            if (m.find()) {
                level = m.group(1);
                logger = m.group(2);
            }
            for (String secret : secrets()) {
                if (line.contains(secret)) {
                    printers.putIfAbsent("TRACE".equals(level) ? logger : logger + " at " + level, line);
                }
            }
        }
        return printers;
    }

    /** Sends one exchange that must fail; returns its exception's message, toString and stack trace text. */
    private static String fail(ProducerTemplate template, String uri, Object body, Map<String, Object> headers) {
        Exchange out = template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().getHeaders().putAll(headers);
        });
        Exception e = out.getException();
        assertNotNull(e, "expected a failure from " + uri);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return e.getMessage() + "\n" + e + "\n" + trace;
    }

    private static void webhook(int port, List<String> texts) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String delivery = "{\"request_id\":\"req-1\",\"model_id\":\"m\",\"deployment_id\":\"d\",\"type\":\"async_request_completed\","
                          + "\"time\":\"" + java.time.Instant.now() + "\",\"data\":{\"x\":1},\"errors\":[]}";
        String signed = io.github.camelai.component.baseten.WebhookSignatureVerifier.sign(WEBHOOK_SECRET,
                delivery.getBytes(StandardCharsets.UTF_8));
        for (String signature : new String[] { null, "v1=" + "0".repeat(64), signed }) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/hook"))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery));
            if (signature != null) {
                request.header("X-BASETEN-SIGNATURE", signature);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            texts.add(answer.statusCode() + " " + answer.headers().map() + " " + answer.body());
            assertEquals(signature == signed ? 500 : 401, answer.statusCode(), answer.body());
        }
    }

    /** The hostile server: every error echoes the Authorization header it got. */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/oidc/v1/token")) {
                switch (tokenMode.get()) {
                    case "reject" -> send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Client "
                                                         + "authentication failed for " + auth + "\"}");
                    case "fail" -> send(exchange, 500, "upstream failed for " + auth);
                    case "garbage" -> send(exchange, 200, "not json " + auth);
                    default -> send(exchange, 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\","
                                                   + "\"expires_in\":3600}");
                }
                return;
            }
            send(exchange, 401, "{\"error\":\"Invalid credentials: " + auth + "\",\"message\":\"Invalid credentials: "
                                + auth + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String around(String text, String secret) {
        int i = text.indexOf(secret);
        return text.substring(Math.max(0, i - 300), Math.min(text.length(), i + secret.length() + 100));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
