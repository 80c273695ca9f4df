package io.github.camelai.llm.error;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns an HTTP error answer of Baseten, Databricks or anything in between (a proxy, a load balancer) into a
 * typed {@link LlmApiException}.
 * <p>
 * Recognized bodies:
 * <ul>
 * <li>Baseten: {@code {"error":"text"}}, {@code {"error":{"message","type","param","code"}}} (error code = code,
 * else type) and a bare {@code {"message","type","code"}};</li>
 * <li>Databricks: {@code {"error_code":"<CODE>"|<number>,"message":"...","details":[...]}};</li>
 * <li>any other JSON: its compact form, truncated, becomes the message;</li>
 * <li>HTML (a proxy's error page): the {@code <title>}, else the text without tags; plain text: the text, with
 * whitespace collapsed, truncated;</li>
 * <li>an empty body: {@code (no body)}.</li>
 * </ul>
 * The request id comes from the response header value when given, else from a {@code [ReqId: ...]} marker in the
 * message, else from a {@code request_id} in Databricks' {@code details}. Only the first
 * {@value #MAX_EXAMINED_BYTES} bytes of a body are examined. The parser never throws on malformed input.
 */
public final class ErrorParser {

    /** How much of a body is looked at. */
    static final int MAX_EXAMINED_BYTES = 64 * 1024;
    /** Limit for text taken from unknown JSON, HTML or plain text. */
    static final int MAX_TEXT_CHARS = 300;
    /** Limit for a message the service put in a known field. */
    static final int MAX_SERVICE_MESSAGE_CHARS = 2000;

    static final String NO_BODY = "(no body)";
    static final String NO_TEXT = "(body without readable text)";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Pattern REQ_ID = Pattern.compile("\\[ReqId:\\s*([^\\]\\s]+)\\s*]");

    private ErrorParser() {
    }

    /**
     * Builds the exception for an HTTP error answer.
     *
     * @param provider        the service name used in messages, for example {@code Databricks}
     * @param status          the HTTP status
     * @param body            the response body, may be {@code null}
     * @param contentType     the {@code Content-Type} header value, may be {@code null}
     * @param requestIdHeader the request id header value (for example {@code x-request-id}), may be {@code null}
     * @return the exception of the subclass that matches {@code status}; never {@code null}
     */
    public static LlmApiException parse(String provider, int status, byte[] body, String contentType,
                                        String requestIdHeader) {
        String headerId = ErrorText.blankToNull(requestIdHeader);
        Parsed parsed;
        try {
            parsed = parseBody(body, contentType);
        } catch (RuntimeException | StackOverflowError e) {
            // malformed input must never hide the HTTP error itself
            parsed = new Parsed(null, "(unreadable error body)", null);
        }
        if (parsed.message == null || ErrorText.collapseWhitespace(parsed.message).isEmpty()) {
            parsed = new Parsed(parsed.errorCode, NO_TEXT, parsed.detailsRequestId);
        }
        String requestId = headerId;
        if (requestId == null && parsed.message != null) {
            Matcher m = REQ_ID.matcher(parsed.message);
            if (m.find()) {
                requestId = m.group(1);
            }
        }
        if (requestId == null) {
            requestId = parsed.detailsRequestId;
        }
        return of(provider, status, parsed.errorCode, parsed.message, requestId);
    }

    /**
     * Builds the exception subclass that matches {@code status}: 401/403 {@link LlmAuthenticationException}, 429
     * {@link LlmRateLimitException}, other 4xx {@link LlmBadRequestException}, 5xx {@link LlmServerException},
     * anything else {@link LlmApiException}.
     */
    public static LlmApiException of(String provider, int status, String errorCode, String message,
                                     String requestId) {
        if (status == 401 || status == 403) {
            return new LlmAuthenticationException(provider, status, errorCode, message, requestId);
        }
        if (status == 429) {
            return new LlmRateLimitException(provider, errorCode, message, requestId);
        }
        if (status >= 400 && status < 500) {
            return new LlmBadRequestException(provider, status, errorCode, message, requestId);
        }
        if (status >= 500 && status < 600) {
            return new LlmServerException(provider, status, errorCode, message, requestId);
        }
        return new LlmApiException(provider, status, errorCode, message, requestId);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static final class Parsed {
        final String errorCode;
        final String message;
        final String detailsRequestId;

        Parsed(String errorCode, String message, String detailsRequestId) {
            this.errorCode = errorCode;
            this.message = message;
            this.detailsRequestId = detailsRequestId;
        }
    }

    private static Parsed parseBody(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return new Parsed(null, NO_BODY, null);
        }
        int length = Math.min(body.length, MAX_EXAMINED_BYTES);
        boolean truncated = length < body.length;
        if (truncated) {
            // do not cut a UTF-8 sequence in two
            while (length > 0 && (body[length] & 0xC0) == 0x80) {
                length--;
            }
        }
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Parsed(null, NO_BODY, null);
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        char first = trimmed.charAt(0);
        if (first == '{' || first == '[' || ct.contains("json")) {
            JsonNode node = truncated ? null : readJson(trimmed);
            if (node != null) {
                return fromJson(node);
            }
            if (first == '{') {
                Parsed partial = fromPartialJson(trimmed);
                if (partial != null) {
                    return partial;
                }
            }
        }
        if (HtmlText.looksLikeHtml(trimmed, ct)) {
            return new Parsed(null, HtmlText.of(trimmed, MAX_TEXT_CHARS), null);
        }
        return new Parsed(null, ErrorText.truncate(ErrorText.collapseWhitespace(trimmed), MAX_TEXT_CHARS), null);
    }

    private static JsonNode readJson(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Salvages the leading top-level fields of a JSON object that was cut off (or is broken further on): scalar
     * fields and the scalar fields of an {@code error} object, up to where the text stops being JSON.
     */
    private static Parsed fromPartialJson(String text) {
        ObjectNode salvaged = MAPPER.createObjectNode();
        try (JsonParser p = MAPPER.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == null) {
                    break;
                }
                if (v.isScalarValue()) {
                    salvaged.set(name, p.readValueAsTree());
                } else if (v == JsonToken.START_OBJECT && "error".equals(name)) {
                    ObjectNode error = salvaged.putObject("error");
                    JsonToken et;
                    while ((et = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String en = p.currentName();
                        JsonToken ev = p.nextToken();
                        if (ev != null && ev.isScalarValue()) {
                            error.set(en, p.readValueAsTree());
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (et != JsonToken.END_OBJECT) {
                        break;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (Exception e) {
            // keep what was read before the break
        }
        if (salvaged.isEmpty()) {
            return null;
        }
        Parsed parsed = fromJson(salvaged);
        JsonNode error = salvaged.get("error");
        boolean hasMessage = salvaged.hasNonNull("message") || (error != null
                && (error.isTextual() || error.hasNonNull("message")));
        if (!hasMessage) {
            // the message itself was cut: show the start of the raw text instead of a partial object
            return new Parsed(parsed.errorCode,
                    ErrorText.truncate(ErrorText.collapseWhitespace(text), MAX_TEXT_CHARS), parsed.detailsRequestId);
        }
        return parsed;
    }

    private static Parsed fromJson(JsonNode node) {
        if (node.isTextual()) {
            return new Parsed(null, serviceText(node.textValue()), null);
        }
        if (!node.isObject()) {
            return new Parsed(null, compact(node), null);
        }
        // Databricks: {"error_code": "<CODE>" | <number>, "message": "...", "details": [...]}
        JsonNode errorCodeNode = node.get("error_code");
        if (isScalar(errorCodeNode)) {
            String message = textField(node, "message");
            return new Parsed(scalarText(errorCodeNode), message != null ? message : compact(node),
                    detailsRequestId(node.get("details")));
        }
        JsonNode error = node.get("error");
        // Baseten: {"error": "text"}
        if (error != null && error.isTextual()) {
            String message = serviceText(error.textValue());
            String code = codeOrType(node);
            return new Parsed(code, message != null ? message : compact(node), null);
        }
        // Baseten / OpenAI style: {"error": {"message", "type", "param", "code"}}
        if (error != null && error.isObject()) {
            String message = textField(error, "message");
            return new Parsed(codeOrType(error), message != null ? message : compact(error), null);
        }
        // bare {"message", "type", "code"}
        String message = textField(node, "message");
        if (message != null) {
            return new Parsed(codeOrType(node), message, null);
        }
        return new Parsed(null, compact(node), null);
    }

    private static String codeOrType(JsonNode obj) {
        JsonNode code = obj.get("code");
        if (isScalar(code)) {
            String c = ErrorText.blankToNull(scalarText(code));
            if (c != null) {
                return c;
            }
        }
        JsonNode type = obj.get("type");
        return isScalar(type) ? ErrorText.blankToNull(scalarText(type)) : null;
    }

    private static boolean isScalar(JsonNode n) {
        return n != null && (n.isTextual() || n.isNumber() || n.isBoolean());
    }

    /** Text of a scalar; integral numbers (also 403.0) as their decimal string. */
    private static String scalarText(JsonNode n) {
        if (n.isNumber()) {
            if (n.isIntegralNumber()) {
                return n.bigIntegerValue().toString();
            }
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return n.asText();
        }
        return n.asText();
    }

    private static String textField(JsonNode obj, String name) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return serviceText(n.textValue());
        }
        // a structured message (for example a validation error list): compact JSON
        return compact(n);
    }

    private static String serviceText(String s) {
        String t = ErrorText.blankToNull(s);
        if (t == null) {
            return null;
        }
        return ErrorText.truncate(ErrorText.collapseWhitespace(t), MAX_SERVICE_MESSAGE_CHARS);
    }

    private static String detailsRequestId(JsonNode details) {
        if (details == null || !details.isArray()) {
            return null;
        }
        for (JsonNode d : details) {
            if (d != null && d.isObject()) {
                JsonNode id = d.get("request_id");
                if (id != null && id.isTextual() && ErrorText.blankToNull(id.textValue()) != null) {
                    return id.textValue().strip();
                }
            }
        }
        return null;
    }

    private static String compact(JsonNode node) {
        String s = node.toString();
        return ErrorText.truncate(ErrorText.collapseWhitespace(s), MAX_TEXT_CHARS);
    }
}
