package io.github.camelai.llm.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.error.LlmServerException;
import io.github.camelai.llm.error.LlmStreamException;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.model.ChatCompletionChunk;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule: no malformed, truncated or empty answer becomes a successful exchange. A streamed call answered with a
 * whole JSON answer is read as that answer; any other body that is no event stream fails and says what arrived.
 * Also the hostile-input refusals that live in the shared code.
 */
class AnswerShapesTest {

    static WireMockServer wm;
    static HttpClient5Transport transport;
    static CamelContext context;
    static ExecutorService continuation;
    static final LlmHeaders H = new LlmHeaders("CamelTest");

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
        wm.start();
        transport = new HttpClient5Transport(TransportSettings.defaults());
        context = new DefaultCamelContext();
        context.start();
        continuation = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        continuation.shutdownNow();
        context.stop();
        transport.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    static LlmCalls calls() {
        LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Api-Key k"),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                new ConcurrencyLimiter(0), transport.timer());
        return new LlmCalls(client, H, continuation);
    }

    static String url(String path) {
        return "http://localhost:" + wm.port() + path;
    }

    static RequestOptions opts(java.util.function.Consumer<RequestOptionsTest.TestConfiguration> setup) {
        return LlmCallsTest.opts(setup, context);
    }

    static final class Done implements org.apache.camel.AsyncCallback {
        final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void done(boolean doneSync) {
            latch.countDown();
        }

        void await() throws InterruptedException {
            assertTrue(latch.await(30, java.util.concurrent.TimeUnit.SECONDS), "the exchange did not complete");
        }
    }

    private static final String PATH = "/v1/chat/completions";
    private static final String WHOLE = "{\"id\":\"w1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],"
                                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";

    private static RequestOptions streaming(StreamOutput output) {
        return opts(c -> {
            c.setModel("m");
            c.setStreaming(true);
            c.setStreamOutput(output);
        });
    }

    private Exchange chat(RequestOptions o) throws Exception {
        return chat(o, calls());
    }

    private Exchange chat(RequestOptions o, LlmCalls calls) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls.chat(exchange, done, url(PATH), Map.of(), ChatRequests.chat("Capital?", o), o);
        done.await();
        return exchange;
    }

    private void answer(String contentType, byte[] body) {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body)));
    }

    private void answer(String contentType, String body) {
        answer(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStreamAnsweredWithAWholeJsonAnswerIsReadAsThatAnswer() throws Exception {
        answer("application/json", WHOLE);
        Exchange aggregated = chat(streaming(StreamOutput.aggregate));
        assertNull(aggregated.getException());
        assertEquals("Paris", aggregated.getMessage().getBody());
        assertEquals("w1", aggregated.getMessage().getHeader("CamelTestResponseId"));
        assertEquals("stop", aggregated.getMessage().getHeader("CamelTestFinishReason"));
        assertEquals(4, aggregated.getMessage().getHeader("CamelTestTotalTokens"));

        Exchange iterated = chat(streaming(StreamOutput.iterator));
        Iterator<?> it = assertInstanceOf(Iterator.class, iterated.getMessage().getBody());
        List<String> texts = new ArrayList<>();
        while (it.hasNext()) {
            texts.add(((ChatCompletionChunk) it.next()).text());
        }
        assertEquals(List.of("Paris"), texts);
    }

    @Test
    void aStreamAnsweredWithNeitherEventsNorJsonFailsSayingWhatArrived() throws Exception {
        answer("text/html; charset=utf-8", "<html><body>Gateway login required " + "x".repeat(500) + "</body></html>");
        Exchange aggregated = chat(streaming(StreamOutput.aggregate));
        LlmException e = assertInstanceOf(LlmException.class, aggregated.getException());
        assertTrue(e.getMessage().contains("HTTP 200 with Content-Type text/html; charset=utf-8"), e.getMessage());
        assertTrue(e.getMessage().contains("first bytes: '<html><body>Gateway login required"), e.getMessage());
        assertTrue(e.getMessage().length() < 600, "the quote is bounded: " + e.getMessage().length());
        assertNull(aggregated.getMessage().getBody());

        Exchange iterated = chat(streaming(StreamOutput.iterator));
        Iterator<?> it = assertInstanceOf(Iterator.class, iterated.getMessage().getBody());
        LlmException fromIterator = assertThrows(LlmException.class, it::hasNext);
        assertTrue(fromIterator.getMessage().contains("text/html"), fromIterator.getMessage());
    }

    @Test
    void anEventStreamWithoutAnyEventFails() throws Exception {
        answer("text/event-stream", "this is not an event stream\n\n");
        LlmException e = assertInstanceOf(LlmException.class, chat(streaming(StreamOutput.aggregate)).getException());
        assertTrue(e.getMessage().contains("holds no event") && e.getMessage().contains("'this is not an event stream'"),
                e.getMessage());
        answer("text/event-stream", "");
        e = assertInstanceOf(LlmException.class, chat(streaming(StreamOutput.aggregate)).getException());
        assertTrue(e.getMessage().contains("holds no event (0 bytes)"), e.getMessage());
    }

    @Test
    void aStreamAnsweredWithTruncatedJsonFails() throws Exception {
        answer("application/json", WHOLE.substring(0, WHOLE.length() / 2));
        LlmException e = assertInstanceOf(LlmException.class, chat(streaming(StreamOutput.aggregate)).getException());
        assertTrue(e.getMessage().contains("not a complete JSON object"), e.getMessage());
    }

    @Test
    void malformedTruncatedOrEmptyPlainAnswersFail() throws Exception {
        RequestOptions o = opts(c -> c.setModel("m"));
        for (String body : new String[] { "", "null", "{}", "{\"choices\":[]}", WHOLE.substring(0, 40), "<html>oops</html>",
                "[" .repeat(5000) + "]".repeat(5000) }) {
            answer("application/json", body);
            Exchange exchange = chat(o);
            assertInstanceOf(LlmException.class, exchange.getException(), "body: " + body);
            assertNull(exchange.getMessage().getBody(), "body: " + body);
        }
    }

    @Test
    void invalidUtf8InAStreamFailsTheStream() throws Exception {
        byte[] head = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}}]}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
        body[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);
        answer("text/event-stream", body);
        LlmStreamException e = assertInstanceOf(LlmStreamException.class, chat(streaming(StreamOutput.aggregate)).getException());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void oneHugeEventFailsTheStreamInsteadOfGrowingMemory() throws Exception {
        // one data line beyond the 8 MiB event limit
        answer("text/event-stream", "data: " + "a".repeat(io.github.camelai.llm.sse.SseDecoder.DEFAULT_MAX_LINE_BYTES + 10)
                                    + "\n\n");
        LlmStreamException e = assertInstanceOf(LlmStreamException.class, chat(streaming(StreamOutput.aggregate)).getException());
        assertTrue(e.getMessage().contains("longer than the limit"), e.getMessage());
    }

    @Test
    void controlCharactersInHeaderValuesAreRefusedBeforeAnyCall() throws Exception {
        RequestOptions o = opts(c -> c.setModel("m"));
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls().chat(exchange, done, url(PATH), Map.of("X-Session", "a\r\nX-Injected: 1"), ChatRequests.chat("hi", o), o);
        done.await();
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, exchange.getException());
        assertTrue(e.getMessage().contains("X-Session") && e.getMessage().contains("control character"), e.getMessage());
        assertTrue(!e.getMessage().contains("X-Injected"), "the value is never quoted: " + e.getMessage());

        // a credential with a line break (a key pasted with its newline) is refused, and not printed
        LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Bearer secret-key-123\n"),
                new RetryPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                new ConcurrencyLimiter(0), transport.timer());
        Exchange keyed = chat(o, new LlmCalls(client, H, continuation));
        IllegalArgumentException k = assertInstanceOf(IllegalArgumentException.class, keyed.getException());
        assertTrue(k.getMessage().contains("Authorization") && !k.getMessage().contains("secret-key-123"), k.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theFinalErrorOfARetriedCallSaysHowManyAttemptsOverHowLong() throws Exception {
        wm.stubFor(post(PATH).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"overloaded\"}}")));
        LlmHttpClient client = new LlmHttpClient("TestAI", transport, AuthProvider.fixed("Api-Key k"),
                new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10), false), Timeouts.DEFAULT,
                new ConcurrencyLimiter(0), transport.timer());
        LlmCalls calls = new LlmCalls(client, H, continuation);
        for (RequestOptions o : new RequestOptions[] { opts(c -> c.setModel("m")), streaming(StreamOutput.aggregate) }) {
            wm.resetRequests();
            LlmServerException e = assertInstanceOf(LlmServerException.class, chat(o, calls).getException());
            assertEquals(3, e.getAttempts());
            assertTrue(e.getMessage().matches("(?s).*overloaded.* \\(after 3 attempts over \\d+ ms\\)"), e.getMessage());
            wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
        }
        LlmServerException once = assertInstanceOf(LlmServerException.class, chat(opts(c -> c.setModel("m"))).getException());
        assertTrue(!once.getMessage().contains("attempts"), "a call that was not retried says nothing of attempts");
    }

    @Test
    void deeplyNestedJsonInputIsRefusedBeforeAnyCall() throws Exception {
        String deep = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlmJson.parse("Header CamelTestTools", deep));
        assertTrue(e.getMessage().startsWith("Header CamelTestTools is not valid JSON") && e.getMessage().contains("nesting depth"),
                e.getMessage());
        // a body built in Java that nests deeper than JSON writers allow fails the exchange, nothing is sent
        Map<String, Object> nested = new java.util.HashMap<>();
        Map<String, Object> inner = nested;
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> next = new java.util.HashMap<>();
            inner.put("a", next);
            inner = next;
        }
        RequestOptions o = opts(c -> c.setModel("m"));
        Map<String, Object> request = Map.of("model", "m", "messages", List.of(Map.of("role", "user", "content", "hi")),
                "metadata", nested);
        IllegalArgumentException tooDeep = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(request, o));
        assertTrue(tooDeep.getMessage().startsWith("The chat body is nested more than 500 levels deep"), tooDeep.getMessage());
        IllegalArgumentException written = assertThrows(IllegalArgumentException.class, () -> LlmJson.write(request));
        assertTrue(written.getMessage().startsWith("The request is nested more than 500 levels deep"), written.getMessage());
        wm.verify(0, anyRequestedFor(anyUrl()));
    }
}
