package io.github.camelai.llm.error;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorParserTest {

    private static final String JSON = "application/json";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LlmApiException parse(String provider, int status, String body, String contentType,
                                         String requestId) {
        return ErrorParser.parse(provider, status, body == null ? null : utf8(body), contentType, requestId);
    }

    // ---- Baseten shapes ---------------------------------------------------------------------------------------

    @Test
    void basetenErrorString() {
        LlmApiException e = parse("Baseten", 400, "{\"error\":\"Model not ready\"}", JSON, null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals("Baseten", e.getProvider());
        assertEquals(400, e.getStatusCode());
        assertNull(e.getErrorCode());
        assertEquals("Model not ready", e.getServiceMessage());
        assertNull(e.getRequestId());
        assertFalse(e.isRetryable());
        assertEquals("Baseten returned HTTP 400: Model not ready", e.getMessage());
    }

    @Test
    void basetenErrorObjectWithCode() {
        LlmApiException e = parse("Baseten", 400,
                "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\","
                                                  + "\"param\":\"max_tokens\",\"code\":\"context_length_exceeded\"}}",
                JSON, "req-1");
        assertEquals("context_length_exceeded", e.getErrorCode());
        assertEquals("max_tokens is too large", e.getServiceMessage());
        assertEquals("req-1", e.getRequestId());
        assertEquals("Baseten returned HTTP 400 context_length_exceeded: max_tokens is too large (request id req-1)",
                e.getMessage());
    }

    @Test
    void basetenErrorObjectFallsBackToType() {
        LlmApiException e = parse("Baseten", 404,
                "{\"error\":{\"message\":\"The model `x` does not exist\",\"type\":\"NotFoundError\",\"param\":null,"
                                                  + "\"code\":null}}",
                JSON, null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals("NotFoundError", e.getErrorCode());
        assertEquals("The model `x` does not exist", e.getServiceMessage());
    }

    @Test
    void basetenErrorObjectWithNumericCode() {
        LlmApiException e = parse("Baseten", 429,
                "{\"error\":{\"message\":\"Rate limit\",\"type\":\"rate_limit\",\"code\":429}}", JSON, null);
        assertInstanceOf(LlmRateLimitException.class, e);
        assertEquals("429", e.getErrorCode());
        assertEquals("Baseten returned HTTP 429: Rate limit", e.getMessage());
    }

    @Test
    void basetenErrorObjectWithoutMessage() {
        LlmApiException e = parse("Baseten", 500, "{\"error\":{\"type\":\"server_error\",\"detail\":42}}", JSON, null);
        assertEquals("server_error", e.getErrorCode());
        assertEquals("{\"type\":\"server_error\",\"detail\":42}", e.getServiceMessage());
    }

    @Test
    void basetenBareMessage() {
        LlmApiException e = parse("Baseten", 413,
                "{\"message\":\"Request body too large\",\"type\":\"payload_too_large\",\"code\":\"413\"}", JSON, null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals("413", e.getErrorCode());
        assertEquals("Request body too large", e.getServiceMessage());
        assertEquals("Baseten returned HTTP 413: Request body too large", e.getMessage());
    }

    @Test
    void basetenBareMessageTypeOnly() {
        LlmApiException e = parse("Baseten", 402, "{\"message\":\"Billing required\",\"type\":\"billing_error\"}",
                JSON, null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals("billing_error", e.getErrorCode());
        assertEquals("Baseten returned HTTP 402 billing_error: Billing required", e.getMessage());
    }

    // ---- Databricks shapes ------------------------------------------------------------------------------------

    @Test
    void databricksRateLimit() {
        LlmApiException e = parse("Databricks", 429,
                "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"Too many requests\",\"details\":[]}",
                "application/json; charset=utf-8", "abc");
        assertInstanceOf(LlmRateLimitException.class, e);
        assertTrue(e.isRetryable());
        assertEquals("REQUEST_LIMIT_EXCEEDED", e.getErrorCode());
        assertEquals("Too many requests", e.getServiceMessage());
        assertEquals("abc", e.getRequestId());
        assertEquals("Databricks returned HTTP 429 REQUEST_LIMIT_EXCEEDED: Too many requests (request id abc)",
                e.getMessage());
    }

    @Test
    void databricksNumericErrorCodeAndReqIdInMessage() {
        LlmApiException e = parse("Databricks", 403,
                "{\"error_code\":403,\"message\":\"Invalid access token. [ReqId: 123]\"}", JSON, null);
        assertInstanceOf(LlmAuthenticationException.class, e);
        assertEquals("403", e.getErrorCode());
        assertEquals("Invalid access token. [ReqId: 123]", e.getServiceMessage());
        assertEquals("123", e.getRequestId());
        assertFalse(e.isRetryable());
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Databricks returned HTTP 403: Invalid access token. [ReqId: 123]"), msg);
        assertFalse(msg.contains("(request id 123)"), "request id already in the service message: " + msg);
        assertTrue(msg.contains("API key or token"), msg);
    }

    @Test
    void headerRequestIdWinsOverReqIdMarker() {
        LlmApiException e = parse("Databricks", 401,
                "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Bad token [ReqId: from-body]\"}", JSON, "from-header");
        assertEquals("from-header", e.getRequestId());
        assertTrue(e.getMessage().contains("(request id from-header)"), e.getMessage());
    }

    @Test
    void databricksRequestIdFromDetails() {
        LlmApiException e = parse("Databricks", 400,
                "{\"error_code\":\"BAD_REQUEST\",\"message\":\"Roles must alternate\",\"details\":[{\"@type\":"
                                                         + "\"type.googleapis.com/google.rpc.RequestInfo\",\"request_id\":\"r-9\",\"serving_data\":\"\"}]}",
                JSON, null);
        assertEquals("BAD_REQUEST", e.getErrorCode());
        assertEquals("Roles must alternate", e.getServiceMessage());
        assertEquals("r-9", e.getRequestId());
    }

    @Test
    void databricksNotFound() {
        LlmApiException e = parse("Databricks", 404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Endpoint 'x' does not exist\"}", JSON, null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals("Databricks returned HTTP 404 RESOURCE_DOES_NOT_EXIST: Endpoint 'x' does not exist",
                e.getMessage());
    }

    @Test
    void databricksErrorCodeWithoutMessage() {
        LlmApiException e = parse("Databricks", 500, "{\"error_code\":\"INTERNAL_ERROR\"}", JSON, null);
        assertInstanceOf(LlmServerException.class, e);
        assertEquals("INTERNAL_ERROR", e.getErrorCode());
        assertEquals("{\"error_code\":\"INTERNAL_ERROR\"}", e.getServiceMessage());
    }

    @Test
    void multiLineServiceMessageIsCollapsed() {
        LlmApiException e = parse("Databricks", 400,
                "{\"error_code\":\"BAD_REQUEST\",\"message\":\"line one\\n\\n  line\\ttwo\"}", JSON, null);
        assertEquals("line one line two", e.getServiceMessage());
    }

    // ---- other bodies -----------------------------------------------------------------------------------------

    @Test
    void unknownJsonBecomesCompactJson() {
        LlmApiException e = parse("Baseten", 422,
                "{\n  \"detail\" : [ { \"loc\" : [\"body\", \"messages\"], \"msg\" : \"field required\" } ]\n}", JSON,
                null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertNull(e.getErrorCode());
        assertEquals("{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}",
                e.getServiceMessage());
    }

    @Test
    void unknownLargeJsonIsTruncated() {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 500; i++) {
            sb.append(i == 0 ? "" : ",").append(i);
        }
        sb.append("]}");
        LlmApiException e = parse("Baseten", 400, sb.toString(), JSON, null);
        assertTrue(e.getServiceMessage().startsWith("{\"items\":[0,1,2,"), e.getServiceMessage());
        assertTrue(e.getServiceMessage().endsWith("..."));
        assertTrue(e.getServiceMessage().length() <= ErrorParser.MAX_TEXT_CHARS + 3);
    }

    @Test
    void jsonArrayAndJsonString() {
        assertEquals("[1,2]", parse("Baseten", 400, "[1, 2]", JSON, null).getServiceMessage());
        assertEquals("plain words", parse("Baseten", 400, "\"plain words\"", JSON, null).getServiceMessage());
    }

    @Test
    void htmlPagePrefersTitle() {
        String html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title>"
                      + "<style>body { color: red }</style></head>\n<body><center><h1>502 Bad Gateway</h1></center>"
                      + "<hr><center>nginx</center></body></html>";
        LlmApiException e = parse("Databricks", 502, html, "text/html", null);
        assertInstanceOf(LlmServerException.class, e);
        assertTrue(e.isRetryable());
        assertNull(e.getErrorCode());
        assertEquals("502 Bad Gateway", e.getServiceMessage());
        assertEquals("Databricks returned HTTP 502: 502 Bad Gateway", e.getMessage());
    }

    @Test
    void htmlPageWithoutTitleIsStripped() {
        String html = "<html><head><script>var x = '<b>';</script></head><body>\n<h1>Service   Unavailable</h1>\n"
                      + "<!-- comment --><p>Try again &amp; again &lt;later&gt; &#8212; sorry</p></body></html>";
        // no content type: recognized by its look
        LlmApiException e = parse("Baseten", 503, html, null, null);
        assertEquals("Service Unavailable Try again & again <later> \u2014 sorry", e.getServiceMessage());
        assertTrue(e.isRetryable());
    }

    @Test
    void htmlTitleIsDecodedAndCollapsed() {
        LlmApiException e = parse("Baseten", 504, "<html><head><title>\n  504 Gateway\n Time-out &amp; more </title>"
                                                 + "</head></html>", "text/html; charset=utf-8", null);
        assertEquals("504 Gateway Time-out & more", e.getServiceMessage());
    }

    @Test
    void hugeHtmlPageIsCappedAndTruncated() {
        StringBuilder sb = new StringBuilder("<html><body><p>");
        while (sb.length() < 5 * 1024 * 1024) {
            sb.append("lorem ipsum dolor sit amet ");
        }
        sb.append("</p><title>never seen</title></body></html>");
        LlmApiException e = parse("Baseten", 500, sb.toString(), "text/html", null);
        String m = e.getServiceMessage();
        assertTrue(m.startsWith("lorem ipsum dolor"), m);
        assertTrue(m.endsWith("..."), m);
        assertTrue(m.length() <= ErrorParser.MAX_TEXT_CHARS + 3, "length " + m.length());
        assertFalse(m.contains("never seen"));
    }

    @Test
    void plainText() {
        LlmApiException e = parse("Baseten", 500, "  upstream connect error or disconnect/reset before headers.\r\n"
                                                 + "reset reason: connection termination  ", "text/plain", null);
        assertInstanceOf(LlmServerException.class, e);
        assertFalse(e.isRetryable());
        assertEquals("upstream connect error or disconnect/reset before headers. reset reason: connection termination",
                e.getServiceMessage());
    }

    @Test
    void longPlainTextIsTruncated() {
        String text = "x".repeat(1000);
        LlmApiException e = parse("Baseten", 500, text, "text/plain", null);
        assertEquals("x".repeat(ErrorParser.MAX_TEXT_CHARS) + "...", e.getServiceMessage());
    }

    @Test
    void emptyBodies() {
        for (byte[] body : new byte[][] { null, new byte[0], utf8("   \r\n ") }) {
            LlmApiException e = ErrorParser.parse("Databricks", 503, body, null, null);
            assertInstanceOf(LlmServerException.class, e);
            assertEquals("(no body)", e.getServiceMessage());
            assertEquals("Databricks returned HTTP 503: (no body)", e.getMessage());
        }
    }

    @Test
    void emptyBodyWithJsonContentType() {
        LlmApiException e = parse("Databricks", 429, "", JSON, "id-7");
        assertInstanceOf(LlmRateLimitException.class, e);
        assertEquals("Databricks returned HTTP 429: (no body) (request id id-7)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"error_code\": ", "{\"error\": {\"message\": \"unterminated", "{not json at all}", "{}}}}", "[[[[[",
            "{\"error\":", "\u0000\u0001\u0002", "{\"a\":1,}", "nul", "{\"error\":{\"message\":{\"nested\":true}}}"
    })
    void malformedInputNeverThrows(String body) {
        LlmApiException e = parse("Baseten", 400, body, JSON, null);
        assertNotNull(e);
        assertNotNull(e.getMessage());
        assertNotNull(e.getServiceMessage());
        assertTrue(e.getMessage().startsWith("Baseten returned HTTP 400"), e.getMessage());
    }

    @Test
    void bodyWithoutReadableText() {
        LlmApiException e = parse("Baseten", 500, "\u0000\u0001 \u0002", "text/plain", null);
        assertEquals("(body without readable text)", e.getServiceMessage());
        assertEquals("(HTML page without text)",
                parse("Baseten", 500, "<html><body> <br/> </body></html>", "text/html", null).getServiceMessage());
    }

    @Test
    void invalidJsonIsShownAsText() {
        LlmApiException e = parse("Baseten", 400, "{oops: this is not JSON}", JSON, null);
        assertNull(e.getErrorCode());
        assertEquals("{oops: this is not JSON}", e.getServiceMessage());
    }

    @Test
    void brokenJsonStillYieldsLeadingFields() {
        LlmApiException e = parse("Databricks", 400,
                "{\"error_code\":\"BAD_REQUEST\",\"message\":\"Roles must alternate\",\"details\":[oops", JSON, null);
        assertEquals("BAD_REQUEST", e.getErrorCode());
        assertEquals("Roles must alternate", e.getServiceMessage());
    }

    @Test
    void deeplyNestedJsonDoesNotThrow() {
        String body = "[".repeat(100_000);
        LlmApiException e = parse("Baseten", 400, body, JSON, null);
        assertInstanceOf(LlmBadRequestException.class, e);
        assertEquals(400, e.getStatusCode());
        assertNull(e.getErrorCode());
        // too deep for a JSON tree: the text itself, cut to the usual length
        String text = "[".repeat(ErrorParser.MAX_TEXT_CHARS) + "...";
        assertEquals(text, e.getServiceMessage());
        assertEquals("Baseten returned HTTP 400: " + text, e.getMessage());
    }

    @Test
    void deeplyNestedJsonAfterAKnownErrorStillGivesItsCodeAndMessage() {
        String body = "{\"error\":{\"message\":\"model overloaded\",\"code\":\"overloaded\"},\"trace\":"
                      + "[".repeat(100_000);
        LlmApiException e = parse("Baseten", 503, body, JSON, "rid-9");
        assertEquals(503, e.getStatusCode());
        assertEquals("overloaded", e.getErrorCode());
        assertEquals("model overloaded", e.getServiceMessage());
        assertEquals("rid-9", e.getRequestId());
    }

    @Test
    void hugeJsonBodyKeepsErrorCode() {
        String body = "{\"error_code\":\"BAD_REQUEST\",\"message\":\"" + "y".repeat(200_000) + "\"}";
        LlmApiException e = parse("Databricks", 400, body, JSON, "rid");
        assertEquals("BAD_REQUEST", e.getErrorCode());
        assertTrue(e.getServiceMessage().startsWith("{\"error_code\":\"BAD_REQUEST\",\"message\":\"yyy"));
        assertTrue(e.getServiceMessage().length() <= ErrorParser.MAX_TEXT_CHARS + 3);
    }

    @Test
    void hugeJsonBodyWithEarlyMessage() {
        String body = "{\"error\":{\"message\":\"Too long\",\"code\":\"too_long\",\"param\":\"" + "z".repeat(100_000)
                      + "\"}}";
        LlmApiException e = parse("Baseten", 413, body, JSON, null);
        assertEquals("too_long", e.getErrorCode());
        assertEquals("Too long", e.getServiceMessage());
    }

    @Test
    void longServiceMessageIsCapped() {
        String body = "{\"error\":\"" + "m".repeat(10_000) + "\"}";
        LlmApiException e = parse("Baseten", 400, body, JSON, null);
        assertEquals(ErrorParser.MAX_SERVICE_MESSAGE_CHARS + 3, e.getServiceMessage().length());
    }

    @Test
    void utf8IsDecodedAndNotSplitWhenCapped() {
        LlmApiException e = parse("Baseten", 400, "{\"error\":\"Modèle indisponible – réessayez 😊\"}", JSON, null);
        assertEquals("Modèle indisponible – réessayez 😊", e.getServiceMessage());

        // the cap falls inside a multi-byte character: no replacement character at the end
        byte[] big = new byte[ErrorParser.MAX_EXAMINED_BYTES + 10];
        Arrays.fill(big, (byte) 'a');
        byte[] euro = utf8("\u20ac"); // 3 bytes
        System.arraycopy(euro, 0, big, ErrorParser.MAX_EXAMINED_BYTES - 1, 3);
        LlmApiException e2 = ErrorParser.parse("Baseten", 500, big, "text/plain", null);
        assertFalse(e2.getServiceMessage().contains("\uFFFD"));
    }

    @Test
    void invalidUtf8DoesNotThrow() {
        byte[] body = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'o', 'k' };
        LlmApiException e = ErrorParser.parse("Baseten", 500, body, "text/plain", null);
        assertTrue(e.getServiceMessage().endsWith("ok"), e.getServiceMessage());
    }

    @Test
    void byteOrderMarkIsIgnored() {
        LlmApiException e = parse("Databricks", 400, "\uFEFF{\"error_code\":\"BAD_REQUEST\",\"message\":\"m\"}", JSON,
                null);
        assertEquals("BAD_REQUEST", e.getErrorCode());
    }

    @Test
    void blankRequestIdHeaderIsIgnored() {
        LlmApiException e = parse("Databricks", 500, "{\"error_code\":\"X\",\"message\":\"boom [ReqId: q-1]\"}", JSON,
                "  ");
        assertEquals("q-1", e.getRequestId());
    }

    @Test
    void nullProviderGetsAName() {
        LlmApiException e = parse(null, 500, "oops", null, null);
        assertEquals("LLM service", e.getProvider());
        assertEquals("LLM service returned HTTP 500: oops", e.getMessage());
    }

    // ---- credentials never appear -----------------------------------------------------------------------------

    @Test
    void echoedCredentialsAreMasked() {
        String body = "<html><body><h1>Forbidden</h1><pre>Authorization: Bearer sk-abcdefghijklmnop1234\n"
                      + "Authorization: Api-Key Abc123XyZ.secretsecret\ntoken dapi0123456789abcdef0123456789abcdef-2"
                      + "</pre></body></html>";
        LlmApiException e = parse("Baseten", 403, body, "text/html", null);
        String m = e.getMessage();
        assertFalse(m.contains("sk-abcdefghijklmnop1234"), m);
        assertFalse(m.contains("Abc123XyZ.secretsecret"), m);
        assertFalse(m.contains("0123456789abcdef0123456789abcdef"), m);
        assertTrue(m.contains("Bearer ***"), m);
        assertTrue(m.contains("Api-Key ***"), m);
        assertFalse(m.contains("secret"), m);
        assertFalse(e.getServiceMessage().contains("sk-abcdefghijklmnop1234"));
    }

    @Test
    void proseAboutTokensIsNotMasked() {
        String text = "Invalid token provided. Bearer authentication failed; max token 40960000 exceeded";
        LlmApiException e = parse("Databricks", 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"" + text
                                                     + "\"}", JSON, null);
        assertEquals(text, e.getServiceMessage());
    }

    @Test
    void authenticationMessageHasHintOnly() {
        LlmApiException e = parse("Databricks", 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Credential was "
                                                     + "not sent or was of an unsupported type for this API.\"}", JSON, "r1");
        assertInstanceOf(LlmAuthenticationException.class, e);
        assertEquals("Databricks returned HTTP 401 UNAUTHENTICATED: Credential was not sent or was of an unsupported "
                     + "type for this API. (request id r1); " + LlmAuthenticationException.HINT, e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("bearer"));
        assertFalse(e.getMessage().contains("Authorization"));
    }
}
