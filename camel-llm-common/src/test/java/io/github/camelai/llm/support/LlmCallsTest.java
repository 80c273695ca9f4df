package io.github.camelai.llm.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.error.LlmRateLimitException;
import io.github.camelai.llm.http.AuthProvider;
import io.github.camelai.llm.http.HttpClient5Transport;
import io.github.camelai.llm.http.LlmHttpClient;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.RetryPolicy;
import io.github.camelai.llm.http.Timeouts;
import io.github.camelai.llm.http.TransportSettings;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.ToolCall;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmCallsTest {

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
        AtomicInteger n = new AtomicInteger();
        continuation = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-continuation-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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

    /** Records the thread the exchange was finished on. */
    static final class Done implements AsyncCallback {
        final CompletableFuture<String> thread = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void done(boolean doneSync) {
            calls.incrementAndGet();
            thread.complete(Thread.currentThread().getName() + (doneSync ? " sync" : ""));
        }

        String await() throws Exception {
            return thread.get(30, TimeUnit.SECONDS);
        }
    }

    static RequestOptions opts(java.util.function.Consumer<RequestOptionsTest.TestConfiguration> setup) {
        return opts(setup, context);
    }

    static RequestOptions opts(java.util.function.Consumer<RequestOptionsTest.TestConfiguration> setup, CamelContext context) {
        RequestOptionsTest.TestConfiguration cfg = new RequestOptionsTest.TestConfiguration();
        setup.accept(cfg);
        return RequestOptions.fromConfiguration(cfg, context);
    }

    @Test
    void finishRunsOnTheContinuationExecutorNotTheCallingThread() throws Exception {
        LlmCalls calls = calls();
        Exchange ok = new DefaultExchange(context);
        Done done = new Done();
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        Thread io = new Thread(() -> calls.finish(ok, done, null, () -> {
            ranOn.complete(Thread.currentThread().getName());
            ok.getMessage().setBody("result");
        }), "fake-io-thread");
        io.start();
        assertTrue(done.await().startsWith("test-continuation-"), done.await());
        assertTrue(ranOn.get(30, TimeUnit.SECONDS).startsWith("test-continuation-"));
        assertEquals("result", ok.getMessage().getBody());
        assertNull(ok.getException());
        assertEquals(1, done.calls.get());

        Exchange failed = new DefaultExchange(context);
        Done done2 = new Done();
        calls.finish(failed, done2, new java.util.concurrent.CompletionException(new LlmRateLimitException("TestAI",
                null, "slow down", "r1")), () -> failed.getMessage().setBody("never"));
        assertTrue(done2.await().startsWith("test-continuation-"));
        assertInstanceOf(LlmRateLimitException.class, failed.getException(), "unwrapped from CompletionException");
        assertNull(failed.getMessage().getBody());

        Exchange throwing = new DefaultExchange(context);
        Done done3 = new Done();
        calls.finish(throwing, done3, null, () -> {
            throw new IllegalStateException("bad answer");
        });
        done3.await();
        assertEquals("bad answer", throwing.getException().getMessage());
        assertEquals(1, done3.calls.get());
    }

    @Test
    void badInputFailsTheExchangeThroughTheCallbackNotByThrowing() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        RequestOptions o = opts(c -> c.setModel("e"));
        assertFalse(calls().embedding(exchange, done, url("/v1/embeddings"), 42, o, 8, input -> ChatRequests.embedding(input, o)));
        assertTrue(done.await().startsWith("test-continuation-"));
        assertTrue(exchange.getException().getMessage().startsWith("The embedding operation cannot use a body of type "
                                                                   + "Integer;"), exchange.getException().getMessage());
        assertEquals(1, done.calls.get());
        wm.verify(0, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void aCallFinishesOffTheIoThread() throws Exception {
        wm.stubFor(post("/v1/x").willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        CompletableFuture<String> handlerThread = new CompletableFuture<>();
        assertFalse(calls().call(exchange, done, LlmHttpRequest.postJson(url("/v1/x"), "{}".getBytes()), (out, response) -> {
            handlerThread.complete(Thread.currentThread().getName());
            out.setBody(response.bodyAsString());
        }));
        assertTrue(done.await().startsWith("test-continuation-"), done.await());
        assertTrue(handlerThread.get().startsWith("test-continuation-"), handlerThread.get());
        assertEquals("{\"ok\":true}", exchange.getMessage().getBody());
    }

    static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","model":"served-model",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Paris","reasoning_content":"capital",
               "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6,"completion_tokens_details":{"reasoning_tokens":3}}}
            """;

    @Test
    void nonStreamedChatSetsBodyAndHeaders() throws Exception {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(COMPLETION)));
        RequestOptions o = opts(c -> c.setModel("m"));
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls().chat(exchange, done, url("/v1/chat/completions"), java.util.Map.of("X-Extra", "1"),
                ChatRequests.chat("Capital of France?", o), o);
        done.await();
        assertNull(exchange.getException());
        assertEquals("Paris", exchange.getMessage().getBody());
        assertEquals("chatcmpl-1", exchange.getMessage().getHeader("CamelTestResponseId"));
        assertEquals("served-model", exchange.getMessage().getHeader("CamelTestResponseModel"));
        assertEquals("stop", exchange.getMessage().getHeader("CamelTestFinishReason"));
        assertEquals(5, exchange.getMessage().getHeader("CamelTestPromptTokens"));
        assertEquals(1, exchange.getMessage().getHeader("CamelTestCompletionTokens"));
        assertEquals(6, exchange.getMessage().getHeader("CamelTestTotalTokens"));
        assertEquals(3, exchange.getMessage().getHeader("CamelTestReasoningTokens"));
        assertEquals("capital", exchange.getMessage().getHeader("CamelTestReasoning"));
        List<?> tools = exchange.getMessage().getHeader("CamelTestToolCalls", List.class);
        assertEquals("f", ((ToolCall) tools.get(0)).getFunction().getName());
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("X-Extra", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1"))
                .withRequestBody(equalToJson("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}")));
    }

    static final String STREAM = """
            data: {"id":"s1","model":"sm","choices":[{"index":0,"delta":{"role":"assistant","content":"Pa"}}]}

            data: {"id":"s1","choices":[{"index":0,"delta":{"content":"ris"},"finish_reason":"stop"}]}

            data: {"id":"s1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

            data: [DONE]

            """;

    @Test
    void streamedChatAggregate() throws Exception {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(STREAM)));
        RequestOptions o = opts(c -> {
            c.setModel("m");
            c.setStreaming(true);
            c.setStreamOutput(StreamOutput.aggregate);
        });
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls().chat(exchange, done, url("/v1/chat/completions"), java.util.Map.of(), ChatRequests.chat("Capital?", o), o);
        assertTrue(done.await().startsWith("test-continuation-"));
        assertNull(exchange.getException());
        assertEquals("Paris", exchange.getMessage().getBody());
        assertEquals("s1", exchange.getMessage().getHeader("CamelTestResponseId"));
        assertEquals(7, exchange.getMessage().getHeader("CamelTestTotalTokens"));
        assertEquals("stop", exchange.getMessage().getHeader("CamelTestFinishReason"));
        assertNotNull(exchange.getMessage().getHeader("CamelTestTimeToFirstToken"));
        wm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(equalToJson("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Capital?\"}]}", true, true)));
    }

    @Test
    void streamedChatIteratorIsClosedWithTheExchange() throws Exception {
        wm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(STREAM)));
        RequestOptions o = opts(c -> {
            c.setStreaming(true);
        });
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls().chat(exchange, done, url("/v1/chat/completions"), java.util.Map.of(), ChatRequests.chat("Capital?", o), o);
        done.await();
        Iterator<?> it = assertInstanceOf(Iterator.class, exchange.getMessage().getBody());
        List<String> texts = new ArrayList<>();
        ChatCompletionChunk last = null;
        while (it.hasNext()) {
            last = (ChatCompletionChunk) it.next();
            texts.add(last.text());
        }
        assertEquals(List.of("Pa", "ris"), texts);
        assertEquals(7, last.getUsage().getTotalTokens());
        // the exchange completes: its on-completions close the iterator, which after the end is harmless
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
        assertFalse(it.hasNext());
    }

    @Test
    void streamedCompletionAggregateKeepsPromptOrder() throws Exception {
        wm.stubFor(post("/v1/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("""
                        data: {"id":"c1","model":"cm","choices":[{"index":1,"text":"B"}]}

                        data: {"id":"c1","choices":[{"index":0,"text":"A"}]}

                        data: {"id":"c1","choices":[{"index":0,"text":"a","finish_reason":"stop"},{"index":1,"text":"b","finish_reason":"length"}]}

                        data: {"id":"c1","choices":[],"usage":{"prompt_tokens":2,"completion_tokens":4,"total_tokens":6}}

                        data: [DONE]

                        """)));
        RequestOptions o = opts(c -> {
            c.setModel("m");
            c.setStreaming(true);
            c.setStreamOutput(StreamOutput.aggregate);
        });
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls().completion(exchange, done, url("/v1/completions"), ChatRequests.completion(List.of("p0", "p1"), o), o);
        done.await();
        assertNull(exchange.getException());
        assertEquals(List.of("Aa", "Bb"), exchange.getMessage().getBody());
        assertEquals("c1", exchange.getMessage().getHeader("CamelTestResponseId"));
        assertEquals("cm", exchange.getMessage().getHeader("CamelTestResponseModel"));
        assertEquals("stop", exchange.getMessage().getHeader("CamelTestFinishReason"));
        assertEquals(6, exchange.getMessage().getHeader("CamelTestTotalTokens"));
        wm.verify(postRequestedFor(urlEqualTo("/v1/completions"))
                .withRequestBody(equalToJson("{\"model\":\"m\",\"prompt\":[\"p0\",\"p1\"],\"stream\":true}")));
    }

    @Test
    void embeddingsBatchedConcurrentlyComeBackInInputOrder() throws Exception {
        // each batch answers with its vectors in reverse order, with index
        wm.stubFor(post("/v1/embeddings").withRequestBody(equalToJson("{\"input\":[\"a\",\"b\"]}", true, true))
                .willReturn(aResponse().withStatus(200).withBody("""
                        {"model":"e","data":[{"index":1,"embedding":[2.0]},{"index":0,"embedding":[1.0]}],
                         "usage":{"prompt_tokens":2,"total_tokens":2}}""")));
        wm.stubFor(post("/v1/embeddings").withRequestBody(equalToJson("{\"input\":[\"c\"]}", true, true))
                .willReturn(aResponse().withStatus(200).withBody("""
                        {"model":"e","data":[{"index":0,"embedding":[3.0]}],"usage":{"prompt_tokens":1,"total_tokens":1}}""")));
        RequestOptions o = opts(c -> c.setModel("e"));
        Exchange exchange = new DefaultExchange(context);
        Done done = new Done();
        calls().embedding(exchange, done, url("/v1/embeddings"), List.of("a", "b", "c"), o, 2,
                input -> ChatRequests.embedding(input, o));
        done.await();
        assertNull(exchange.getException());
        List<?> vectors = exchange.getMessage().getBody(List.class);
        assertEquals(3, vectors.size());
        assertArrayEquals(new float[] { 1f }, (float[]) vectors.get(0));
        assertArrayEquals(new float[] { 2f }, (float[]) vectors.get(1));
        assertArrayEquals(new float[] { 3f }, (float[]) vectors.get(2));
        assertEquals(3, exchange.getMessage().getHeader("CamelTestPromptTokens"));
        wm.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }
}
