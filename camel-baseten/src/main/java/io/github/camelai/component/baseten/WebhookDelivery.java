package io.github.camelai.component.baseten;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.support.LlmJson;

/**
 * One async result as Baseten POSTs it to a webhook:
 * {@code {"request_id","model_id","deployment_id","type":"async_request_completed","time":"...Z","data":<output>,
 * "errors":[{"code","message"}]}}. Immutable.
 */
public final class WebhookDelivery {

    /** Longest request id accepted; Baseten's are 32 hex characters. */
    static final int MAX_ID_LENGTH = 256;

    private final String requestId;
    private final String modelId;
    private final String deploymentId;
    private final String type;
    private final String timeText;
    private final Instant time;
    private final Object data;
    private final List<Map<String, Object>> errors;

    WebhookDelivery(String requestId, String modelId, String deploymentId, String type, String timeText, Instant time,
                    Object data, List<Map<String, Object>> errors) {
        this.requestId = requestId;
        this.modelId = modelId;
        this.deploymentId = deploymentId;
        this.type = type;
        this.timeText = timeText;
        this.time = time;
        this.data = data;
        this.errors = errors;
    }

    /**
     * Parses a delivery body. Messages of the exception describe what is wrong without echoing the body.
     *
     * @param  raw                      the raw JSON bytes
     * @return                          the delivery
     * @throws IllegalArgumentException when the body is not a JSON object with a {@code request_id} and an ISO-8601
     *                                  {@code time}, or {@code errors} is not a list of objects
     */
    public static WebhookDelivery parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new IllegalArgumentException("The delivery body is empty");
        }
        JsonNode root;
        try {
            root = LlmJson.MAPPER.readTree(raw);
        } catch (Exception e) {
            throw new IllegalArgumentException("The delivery body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The delivery body is not a JSON object");
        }
        String requestId = text(root, "request_id");
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("The delivery has no request_id");
        }
        if (requestId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("The delivery's request_id is longer than " + MAX_ID_LENGTH + " characters");
        }
        if (requestId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // The id is logged and used as a repository key; control characters have no place in it.
            throw new IllegalArgumentException("The delivery's request_id has control characters");
        }
        String timeText = text(root, "time");
        if (timeText == null || timeText.isBlank()) {
            throw new IllegalArgumentException("The delivery has no time");
        }
        Instant time = parseTime(timeText);
        JsonNode dataNode = root.get("data");
        Object data = dataNode == null || dataNode.isNull() ? null : LlmJson.MAPPER.convertValue(dataNode, Object.class);
        JsonNode errorsNode = root.get("errors");
        List<Map<String, Object>> errors;
        if (errorsNode == null || errorsNode.isNull()) {
            errors = List.of();
        } else if (errorsNode.isArray()) {
            List<Map<String, Object>> list = new ArrayList<>(errorsNode.size());
            for (JsonNode e : errorsNode) {
                if (e.isObject()) {
                    list.add(LlmJson.MAPPER.convertValue(e, new TypeReference<Map<String, Object>>() {
                    }));
                } else if (e.isTextual()) {
                    // Not documented, but an error reported as bare text must still reach the route.
                    list.add(Map.of("message", e.asText()));
                } else {
                    throw new IllegalArgumentException("The delivery's errors list holds a " + e.getNodeType());
                }
            }
            errors = Collections.unmodifiableList(list);
        } else {
            throw new IllegalArgumentException("The delivery's errors field is not a list");
        }
        return new WebhookDelivery(requestId, text(root, "model_id"), text(root, "deployment_id"), text(root, "type"),
                timeText, time, data, errors);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("The delivery's " + field + " is not a string");
        }
        return n.asText();
    }

    /** ISO-8601 with an offset ({@code Z} or {@code +hh:mm}); a time without one is taken as UTC. */
    static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("The delivery's time is not an ISO-8601 date-time");
            }
        }
    }

    /** @return the async request id (never null) */
    public String requestId() {
        return requestId;
    }

    /** @return the model id, or null when absent */
    public String modelId() {
        return modelId;
    }

    /** @return the deployment id, or null when absent */
    public String deploymentId() {
        return deploymentId;
    }

    /** @return the delivery type, e.g. {@code async_request_completed}, or null when absent */
    public String type() {
        return type;
    }

    /** @return the {@code time} field exactly as sent */
    public String timeText() {
        return timeText;
    }

    /** @return the {@code time} field as an instant */
    public Instant time() {
        return time;
    }

    /** @return the model output as plain Java values ({@code Map}, {@code List}, String, number, boolean) or null */
    public Object data() {
        return data;
    }

    /** @return the errors Baseten reported (each a Map with {@code code} and {@code message}); empty when none */
    public List<Map<String, Object>> errors() {
        return errors;
    }

    /** @return the ids and the time, never the output */
    @Override
    public String toString() {
        return "WebhookDelivery[requestId=" + requestId + ", modelId=" + modelId + ", deploymentId=" + deploymentId
               + ", type=" + type + ", time=" + timeText + ", errors=" + errors.size() + "]";
    }
}
