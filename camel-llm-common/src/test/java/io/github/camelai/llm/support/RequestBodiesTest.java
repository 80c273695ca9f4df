package io.github.camelai.llm.support;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.converter.stream.ByteArrayInputStreamCache;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestBodiesTest {

    private static final String QUESTION = "Qu'est-ce que Camel ? ünïcödé";

    private static CamelContext context;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static Exchange exchange(Object body, String contentType) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        if (contentType != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        return exchange;
    }

    private static Object read(Object body, String contentType) {
        return RequestBodies.read(exchange(body, contentType).getMessage(), "chat");
    }

    @Test
    void everyCarrierOfTextIsOnePrompt() throws Exception {
        byte[] utf8 = QUESTION.getBytes(StandardCharsets.UTF_8);
        File file = dir.resolve("q.txt").toFile();
        Files.write(file.toPath(), utf8);
        GenericFile<File> generic = new GenericFile<>();
        generic.setFile(file);
        generic.setBody(file);
        generic.setAbsoluteFilePath(file.getAbsolutePath());
        for (String contentType : new String[] { "text/plain", null }) {
            // fresh streams each round: they read once
            for (Object body : List.of(utf8, ByteBuffer.wrap(utf8), new ByteArrayInputStream(utf8),
                    new ByteArrayInputStreamCache(new ByteArrayInputStream(utf8)), new StringReader(QUESTION), file,
                    file.toPath(), generic)) {
                assertEquals(QUESTION, read(body, contentType), BodyTexts.typeName(body) + " " + contentType);
            }
        }
    }

    @Test
    void aOneShotStreamIsKeptAsItsBytesSoThatARetryReadsTheSameText() {
        Exchange exchange = exchange(new ByteArrayInputStream(QUESTION.getBytes(StandardCharsets.UTF_8)), null);
        assertEquals(QUESTION, RequestBodies.read(exchange.getMessage(), "chat"));
        assertEquals(QUESTION, RequestBodies.read(exchange.getMessage(), "chat"));
        ByteBuffer buffer = ByteBuffer.wrap(QUESTION.getBytes(StandardCharsets.UTF_8));
        assertEquals(QUESTION, read(buffer, null));
        assertEquals(QUESTION, read(buffer, null));
    }

    @Test
    void theExchangeCharsetWinsThenTheContentTypeCharsetThenUtf8() {
        byte[] latin1 = QUESTION.getBytes(StandardCharsets.ISO_8859_1);
        Exchange exchange = exchange(latin1, "text/plain; charset=UTF-8");
        exchange.setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
        assertEquals(QUESTION, RequestBodies.read(exchange.getMessage(), "chat"));
        assertEquals(QUESTION, read(latin1, "text/plain; charset=iso-8859-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(latin1, "text/plain"));
        assertEquals("The chat body (byte[], " + latin1.length + " bytes) is not UTF-8 text; send text, set the exchange "
                     + "property CamelCharsetName (or the charset of Content-Type) to its charset, or, on baseten:chat, "
                     + "set imageMimeType or audioFormat to send it as an attachment", e.getMessage());
    }

    @Test
    void aStreamCacheIsLeftReadableForTheNextStep() throws Exception {
        ByteArrayInputStreamCache cache = new ByteArrayInputStreamCache(
                new ByteArrayInputStream(QUESTION.getBytes(StandardCharsets.UTF_8)));
        assertEquals(QUESTION, read(cache, null));
        assertEquals(QUESTION, new String(cache.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void jsonTextIsAFullRequest() {
        byte[] json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5}"
                .getBytes(StandardCharsets.UTF_8);
        Object request = read(new ByteArrayInputStream(json), "application/json; charset=utf-8");
        assertEquals(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")), "temperature", 0.5), request);
        assertEquals(List.of("a", "b"), read("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8), "application/vnd.x+json"));
    }

    @Test
    void aStringStaysAPromptWhateverTheContentType() {
        String prompt = "{\"not\": \"parsed\"}";
        assertSame(prompt, read(prompt, "application/json"));
        Map<String, Object> request = Map.of("messages", List.of());
        assertSame(request, read(request, "application/json"));
    }

    @Test
    void invalidJsonNamesTheProblemAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("{\"messages\": [".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertTrue(e.getMessage().startsWith("The chat body is declared JSON (Content-Type: application/json) but is not "
                                             + "valid JSON: Unexpected end-of-input"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; fix the JSON, or send the text as one prompt with Content-Type: text/plain"),
                e.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> read(new byte[0], "application/json"));
        assertEquals("The chat body is empty but its Content-Type is application/json: send a JSON request, or text with "
                     + "Content-Type: text/plain", empty.getMessage());
    }

    @Test
    void aFormPostIsRefusedNamingTheFix() {
        Map<String, Object> fields = Map.of("What is Camel?", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(fields, "application/x-www-form-urlencoded"));
        assertEquals("The chat body is a form post (Content-Type: application/x-www-form-urlencoded), which the HTTP "
                     + "consumer hands over as form fields [What is Camel?]: send the text with Content-Type: text/plain "
                     + "(curl -H 'Content-Type: text/plain' --data-binary 'your question' ...), a JSON request with "
                     + "Content-Type: application/json, or pick the field in the route (setBody with simple "
                     + "${body[prompt]})", e.getMessage());
    }
}
