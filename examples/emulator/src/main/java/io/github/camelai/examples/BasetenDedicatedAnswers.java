package io.github.camelai.examples;

import static io.github.camelai.examples.EmulatorHttp.NODES;
import static io.github.camelai.examples.EmulatorHttp.error;
import static io.github.camelai.examples.EmulatorHttp.json;
import static io.github.camelai.examples.LocalLlmEmulator.DEPLOYMENT_ID;
import static io.github.camelai.examples.LocalLlmEmulator.MODEL_ID;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.github.camelai.examples.EmulatorHttp.BadRequest;
import io.github.camelai.examples.LocalLlmEmulator.WebhookDelivery;

/**
 * A Baseten dedicated deployment's own routes: {@code predict}, {@code async_predict} with its status, cancel and
 * queue routes, and the signed webhook delivery that completes an async request, retried once on a failure as
 * Baseten does. Async requests are remembered for the emulator's lifetime so their status can be asked later.
 */
final class BasetenDedicatedAnswers {

    private final AtomicInteger ids;
    private final String webhookSecret;
    private final List<WebhookDelivery> deliveries;
    private final LongSupplier webhookDelayMillis;
    private final LongSupplier webhookRetryDelayMillis;
    private final Map<String, ObjectNode> asyncRequests = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService scheduler;
    private volatile HttpClient webhookClient;

    /**
     * @param ids           the emulator-wide counter, so request ids stay unique across every kind of answer
     * @param webhookSecret signs deliveries; null sends them unsigned
     * @param deliveries    where each attempt is recorded, for tests to inspect
     */
    BasetenDedicatedAnswers(AtomicInteger ids, String webhookSecret, List<WebhookDelivery> deliveries,
                            LongSupplier webhookDelayMillis, LongSupplier webhookRetryDelayMillis) {
        this.ids = ids;
        this.webhookSecret = webhookSecret;
        this.deliveries = deliveries;
        this.webhookDelayMillis = webhookDelayMillis;
        this.webhookRetryDelayMillis = webhookRetryDelayMillis;
    }

    /** Set on each start: the emulator owns both and shuts the scheduler down on close. */
    void deliverWith(ScheduledExecutorService scheduler, HttpClient webhookClient) {
        this.scheduler = scheduler;
        this.webhookClient = webhookClient;
    }

    /** The hex HMAC-SHA256 of a body under a secret: the {@code v1=} value of {@code X-BASETEN-SIGNATURE}. */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST .../predict}: the transformed input as {@code {"output": ..}}. */
    void predict(HttpExchange http, JsonNode request) throws IOException {
        ObjectNode out = NODES.objectNode();
        out.set("output", EmulatedModel.transform(request));
        json(http, 200, out);
    }

    /** {@code GET .../async_queue_status}: requests complete on a timer, so the queue always reads empty. */
    void queueStatus(HttpExchange http) throws IOException {
        ObjectNode out = NODES.objectNode();
        out.put("model_id", MODEL_ID);
        out.put("deployment_id", DEPLOYMENT_ID);
        out.put("num_queued_requests", 0);
        out.put("num_in_progress_requests", 0);
        json(http, 200, out);
    }

    /** {@code GET|DELETE /async_request/{id}}: its status, or a refused cancel (it is never still queued). */
    void asyncRequest(HttpExchange http, String method, String requestId) throws IOException {
        ObjectNode status = asyncRequests.get(requestId);
        if (status == null) {
            error(http, 404, false, "NOT_FOUND", "Unknown async request " + requestId);
        } else if ("GET".equals(method)) {
            json(http, 200, status);
        } else {
            ObjectNode out = NODES.objectNode();
            out.put("request_id", requestId);
            out.put("canceled", false);
            out.put("message", "Only QUEUED requests can be canceled; this one is " + status.path("status").asText());
            json(http, 200, out);
        }
    }

    /** {@code POST .../async_predict}: accepts (201) and schedules the completion and its webhook delivery. */
    void asyncPredict(HttpExchange http, JsonNode request) throws IOException {
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
        data.set("output", EmulatedModel.transform(request.get("model_input")));
        payload.set("data", data);
        payload.putArray("errors");
        scheduler.schedule(() -> complete(status, webhook, payload, 1), webhookDelayMillis.getAsLong(),
                TimeUnit.MILLISECONDS);

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
        byte[] body = EmulatorHttp.write(payload);
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
            scheduler.schedule(() -> complete(status, webhook, payload, attempt + 1),
                    webhookRetryDelayMillis.getAsLong(), TimeUnit.MILLISECONDS);
        } else {
            status.put("webhook_status", code >= 200 && code < 300 ? "SUCCEEDED" : "FAILED");
        }
    }
}
