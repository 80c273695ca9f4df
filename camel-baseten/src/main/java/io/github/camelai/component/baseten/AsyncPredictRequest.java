package io.github.camelai.component.baseten;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.http.UrlRules;
import io.github.camelai.llm.support.BodyTexts;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestBodies;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The body of Baseten's {@code async_predict}: {@code {model_input, webhook_endpoint, priority,
 * max_time_in_queue_seconds, inference_retry_config: {max_attempts, initial_delay_ms, max_delay_ms}}}, with every
 * value checked against the documented ranges before anything is sent.
 */
public final class AsyncPredictRequest {

    /** Baseten refuses async requests larger than this (256 KiB). */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Like the shared mapper, but an object with nothing to write (no properties) is an error, not {@code {}}. */
    private static final ObjectMapper STRICT = LlmJson.MAPPER.copy().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static final String ACCEPTED_BODIES = "a Map, List, JsonNode, POJO or JSON text (String, byte[], InputStream or a file)";

    private String webhookEndpoint;
    private Integer priority;
    private Integer maxTimeInQueueSeconds;
    private Integer maxAttempts;
    private Integer initialDelayMs;
    private Integer maxDelayMs;

    /**
     * The settings of an endpoint, validated.
     *
     * @throws IllegalArgumentException naming the option whose value is out of range
     */
    public static AsyncPredictRequest fromConfiguration(BasetenConfiguration cfg) {
        AsyncPredictRequest r = new AsyncPredictRequest();
        r.webhookEndpoint = webhookEndpoint(cfg.getWebhookEndpoint());
        r.priority = range("priority", cfg.getPriority(), 0, 2);
        r.maxTimeInQueueSeconds = range("maxTimeInQueueSeconds", cfg.getMaxTimeInQueueSeconds(), 10, 259_200);
        r.maxAttempts = range("inferenceRetryMaxAttempts", cfg.getInferenceRetryMaxAttempts(), 1, 10);
        r.initialDelayMs = range("inferenceRetryInitialDelayMs", cfg.getInferenceRetryInitialDelayMs(), 0, 10_000);
        r.maxDelayMs = range("inferenceRetryMaxDelayMs", cfg.getInferenceRetryMaxDelayMs(), 0, 60_000);
        return r;
    }

    /**
     * A copy with the per-exchange header overrides applied and checked. The webhook URL is never taken from a
     * header: headers may come from Kafka or HTTP, and a header naming another URL would send the model's output
     * to whoever set it.
     *
     * @throws IllegalArgumentException naming the header whose value is out of range or not an integer
     */
    public AsyncPredictRequest withHeaders(Message message) {
        AsyncPredictRequest r = new AsyncPredictRequest();
        r.webhookEndpoint = webhookEndpoint;
        r.priority = header(message, BasetenConstants.PRIORITY, "priority", 0, 2, priority);
        r.maxTimeInQueueSeconds = header(message, BasetenConstants.MAX_TIME_IN_QUEUE_SECONDS, "maxTimeInQueueSeconds",
                10, 259_200, maxTimeInQueueSeconds);
        r.maxAttempts = header(message, BasetenConstants.INFERENCE_RETRY_MAX_ATTEMPTS, "inferenceRetryMaxAttempts", 1,
                10, maxAttempts);
        r.initialDelayMs = header(message, BasetenConstants.INFERENCE_RETRY_INITIAL_DELAY_MS,
                "inferenceRetryInitialDelayMs", 0, 10_000, initialDelayMs);
        r.maxDelayMs = header(message, BasetenConstants.INFERENCE_RETRY_MAX_DELAY_MS, "inferenceRetryMaxDelayMs", 0,
                60_000, maxDelayMs);
        return r;
    }

    /**
     * The JSON request for this model input.
     *
     * @throws IllegalArgumentException when the body is missing or not JSON-able, or the request is over 256 KiB
     */
    public byte[] toJson(Exchange exchange) {
        ObjectNode root = LlmJson.MAPPER.createObjectNode();
        root.set("model_input", modelInput(exchange));
        if (webhookEndpoint != null) {
            root.put("webhook_endpoint", webhookEndpoint);
        }
        if (priority != null) {
            root.put("priority", priority);
        }
        if (maxTimeInQueueSeconds != null) {
            root.put("max_time_in_queue_seconds", maxTimeInQueueSeconds);
        }
        if (maxAttempts != null || initialDelayMs != null || maxDelayMs != null) {
            ObjectNode retry = root.putObject("inference_retry_config");
            if (maxAttempts != null) {
                retry.put("max_attempts", maxAttempts);
            }
            if (initialDelayMs != null) {
                retry.put("initial_delay_ms", initialDelayMs);
            }
            if (maxDelayMs != null) {
                retry.put("max_delay_ms", maxDelayMs);
            }
        }
        byte[] json = LlmJson.write(root);
        if (json.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("The async-predict request is " + json.length + " bytes of JSON; Baseten "
                                               + "accepts at most " + MAX_PAYLOAD_BYTES + " bytes (256 KiB). Put large "
                                               + "inputs in storage and pass their URL in model_input.");
        }
        return json;
    }

    /** The body as the {@code model_input} JSON value. */
    static JsonNode modelInput(Exchange exchange) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        if (body == null) {
            throw new IllegalArgumentException("async-predict needs a body: the model_input, as " + ACCEPTED_BODIES);
        }
        JsonNode node;
        if (body instanceof JsonNode n) {
            node = n;
        } else if (body instanceof String || RequestBodies.carriesText(body)) {
            String text = RequestBodies.text(in, "async-predict");
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(
                        "async-predict: the body is empty text; send the model_input as " + ACCEPTED_BODIES);
            }
            node = LlmJson.parse("The async-predict body (JSON text for model_input)", text);
        } else {
            try {
                node = STRICT.valueToTree(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("async-predict: a body of type " + BodyTexts.typeName(body)
                                                   + " cannot be written as JSON; send " + ACCEPTED_BODIES,
                        e);
            }
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new IllegalArgumentException("async-predict: model_input is null; send " + ACCEPTED_BODIES);
        }
        return node;
    }

    /**
     * Checks a webhook URL as Baseten needs it: https (plain http only for the local machine, see {@link UrlRules}), a host, no double slash in
     * the path (Baseten answers those with a redirect and the delivery is lost). Messages show scheme and host
     * only: a query may hold a token.
     *
     * @return the URL trimmed, or null when not set
     */
    static String webhookEndpoint(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String url = value.trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhookEndpoint is not a valid URL (" + e.getReason() + " at index "
                                               + e.getIndex() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("webhookEndpoint must be an absolute https URL with a host name");
        }
        if (!UrlRules.secureEnough(uri)) {
            throw new IllegalArgumentException("webhookEndpoint must use https (plain http only for localhost); got "
                                               + scheme + "://" + host);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.contains("//")) {
            throw new IllegalArgumentException("webhookEndpoint " + scheme + "://" + host + " has a double slash in its "
                                               + "path; Baseten answers such URLs with a redirect and the delivery is "
                                               + "lost");
        }
        return url;
    }

    private static Integer range(String option, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static Integer header(Message message, String header, String option, int min, int max, Integer fallback) {
        Object v = message.getHeader(header);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else {
            String s = v.toString().trim();
            try {
                n = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Header " + header + " (" + option + ") must be an integer between "
                                                   + min + " and " + max);
            }
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("Header " + header + " (" + option + ") must be between " + min + " and "
                                               + max + ", got " + n);
        }
        return (int) n;
    }
}
