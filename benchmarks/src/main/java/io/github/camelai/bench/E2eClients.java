package io.github.camelai.bench;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.camelai.component.baseten.BasetenComponent;
import io.github.camelai.component.databricks.DatabricksAiComponent;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.support.LlmJson;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The clients the end-to-end benchmark compares. Each sends the same chat request (a system prompt and a
 * 500-character user message, the model name carrying the server's latency) and ends with the answer's text: the
 * raw clients write the request and read the answer with the same Jackson mapper and model classes the components
 * use, which is what a hand-written client would do.
 */
final class E2eClients {

    static final String SYSTEM = "You are a terse assistant for an order-processing route.";
    static final String KEY = "bench-key";
    /** The user message, made once: making it is not the clients' cost. */
    static final String USER = Fixtures.text(500, 5);

    /** One call; {@code done} gets {@code null} or the failure. */
    interface Caller extends AutoCloseable {
        void call(Done done);

        /** Whether {@link #call} blocks until the answer (a thread per call in flight). */
        default boolean blocking() {
            return false;
        }

        @Override
        void close() throws Exception;
    }

    @FunctionalInterface
    interface Done {
        void done(Throwable error);
    }

    /** Where the server is: its plain and TLS ports, its key store (trusted by the TLS clients). */
    record Target(int port, int tlsPort, String keystore, String password) {
    }

    private E2eClients() {
    }

    static Caller create(String client, Target t, int concurrency, int latencyMs, CamelContext camel) throws Exception {
        String model = "lat-" + latencyMs;
        return switch (client) {
            case "raw-hc5" -> rawHc5("http://127.0.0.1:" + t.port() + "/v1/chat/completions", model, concurrency, false);
            case "raw-hc5-hop" -> rawHc5("http://127.0.0.1:" + t.port() + "/v1/chat/completions", model, concurrency, true);
            case "vertx" -> vertx(t.port(), model, concurrency);
            case "camel-http" -> camelHttp(camel, t.port(), model, 0);
            case "camel-http-tuned" -> camelHttp(camel, t.port(), model, concurrency);
            case "baseten" -> component(camel, "baseten:chat?baseUrl=http://127.0.0.1:" + t.port() + "/v1&model=" + model
                                               + "&apiKey=" + KEY + common(concurrency));
            case "baseten-tls" -> tls(camel, t, "baseten:chat?baseUrl=https://localhost:" + t.tlsPort() + "/v1&model=" + model
                                                + "&apiKey=" + KEY + common(concurrency), false);
            case "baseten-h2" -> tls(camel, t, "baseten:chat?baseUrl=https://localhost:" + t.tlsPort() + "/v1&model=" + model
                                               + "&apiKey=" + KEY + common(concurrency), true);
            case "openai-java" -> openAi("http://127.0.0.1:" + t.port() + "/v1", model, 0);
            case "openai-java-tuned" -> openAi("http://127.0.0.1:" + t.port() + "/v1", model, concurrency);
            case "databricks-ai" -> component(camel, "databricks-ai:chat?host=http://127.0.0.1:" + t.port() + "&model=" + model
                                                     + "&token=" + KEY + common(concurrency));
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
    }

    /** Only the endpoint's cap is raised: the components size their connection pools from it. */
    private static String common(int concurrency) {
        return "&systemMessage=RAW(" + SYSTEM + ")&temperature=0.2&maxTokens=256&maxConcurrentRequests=" + concurrency;
    }

    static ChatCompletionRequest request(String model) {
        ChatCompletionRequest r = new ChatCompletionRequest();
        r.setModel(model);
        r.setMessages(List.of(ChatMessage.system(SYSTEM), ChatMessage.user(USER)));
        r.setTemperature(0.2);
        r.setMaxTokens(256);
        return r;
    }

    static String text(byte[] answer) {
        return LlmJson.read(answer, ChatCompletion.class, "the chat completion").firstMessage().text();
    }

    static void check(String text, Done done) {
        done.done(text != null && text.length() == 600 ? null : new IllegalStateException("unexpected answer: " + text));
    }

    // ---- raw HttpClient 5 async ----

    /**
     * {@code hop}: the answer is handed to a 2-thread pool to be read and to start the next call, as any Camel
     * async producer must (the route may not continue on an I/O thread): the cost of that hop alone.
     */
    static Caller rawHc5(String url, String model, int concurrency, boolean hop) {
        ExecutorService workers = hop ? Executors.newFixedThreadPool(2, r -> {
            Thread th = new Thread(r, "hop-worker");
            th.setDaemon(true);
            return th;
        }) : null;
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(Math.max(200, concurrency)).setMaxConnPerRoute(Math.max(200, concurrency)).build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().build();
        client.start();
        URI uri = URI.create(url);
        return new Caller() {
            @Override
            public void call(Done done) {
                SimpleHttpRequest r = SimpleHttpRequest.create("POST", uri);
                r.addHeader("Authorization", "Bearer " + KEY);
                r.setBody(LlmJson.write(request(model)), ContentType.APPLICATION_JSON);
                client.execute(SimpleRequestProducer.create(r), SimpleResponseConsumer.create(), new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        if (workers != null) {
                            workers.execute(() -> read(response));
                        } else {
                            read(response);
                        }
                    }

                    private void read(SimpleHttpResponse response) {
                        try {
                            if (response.getCode() != 200) {
                                throw new IllegalStateException("HTTP " + response.getCode());
                            }
                            check(text(response.getBodyBytes()), done);
                        } catch (RuntimeException e) {
                            done.done(e);
                        }
                    }

                    @Override
                    public void failed(Exception ex) {
                        done.done(ex);
                    }

                    @Override
                    public void cancelled() {
                        done.done(new IllegalStateException("cancelled"));
                    }
                });
            }

            @Override
            public void close() {
                client.close(CloseMode.IMMEDIATE);
                if (workers != null) {
                    workers.shutdownNow();
                }
            }
        };
    }

    // ---- Vert.x HTTP client ----

    static Caller vertx(int port, String model, int concurrency) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(Math.max(200, concurrency)).setMaxWaitQueueSize(-1));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/v1/chat/completions").putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + KEY);
        return new Caller() {
            @Override
            public void call(Done done) {
                Buffer body = Buffer.buffer(LlmJson.write(request(model)));
                client.request(options).compose(req -> req.send(body)).compose(resp -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + resp.statusCode());
                    }
                    return resp.body();
                }).onComplete(ar -> {
                    if (ar.failed()) {
                        done.done(ar.cause());
                        return;
                    }
                    try {
                        check(text(ar.result().getBytes()), done);
                    } catch (RuntimeException e) {
                        done.done(e);
                    }
                });
            }

            @Override
            public void close() throws Exception {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        };
    }

    // ---- camel-http (blocking: a thread per call in flight) ----

    /** {@code pool} 0 keeps camel-http's defaults (200 connections, 20 per host). */
    static Caller camelHttp(CamelContext camel, int port, String model, int pool) throws Exception {
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        if (pool > 0) {
            http.setMaxTotalConnections(pool);
            http.setConnectionsPerRoute(pool);
        }
        Endpoint endpoint = camel.getEndpoint("http://127.0.0.1:" + port + "/v1/chat/completions?httpMethod=POST");
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        return new Caller() {
            @Override
            public void call(Done done) {
                Exchange exchange = endpoint.createExchange();
                exchange.getMessage().setHeader("Content-Type", "application/json");
                exchange.getMessage().setHeader("Authorization", "Bearer " + KEY);
                exchange.getMessage().setBody(LlmJson.write(request(model)));
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        done.done(exchange.getException());
                        return;
                    }
                    try {
                        check(text(exchange.getMessage().getBody(byte[].class)), done);
                    } catch (RuntimeException e) {
                        done.done(e);
                    }
                });
            }

            @Override
            public boolean blocking() {
                return true;
            }

            @Override
            public void close() throws Exception {
                producer.stop();
            }
        };
    }

    // ---- the official OpenAI Java SDK's async client (OkHttp underneath) ----

    /**
     * {@code concurrency} 0: the client as its builder makes it. Otherwise its OkHttp dispatcher (which caps calls
     * in flight, 64 in all and 5 per host by default) and connection pool are raised to {@code concurrency}, as a
     * user who read OkHttp's docs would do. OkHttp's async calls still run on a dispatcher thread each.
     */
    static Caller openAi(String baseUrl, String model, int concurrency) {
        com.openai.client.okhttp.OpenAIOkHttpClientAsync.Builder builder = com.openai.client.okhttp.OpenAIOkHttpClientAsync.builder()
                .baseUrl(baseUrl).apiKey(KEY).maxRetries(0);
        okhttp3.Dispatcher dispatcher = null;
        if (concurrency > 0) {
            dispatcher = new okhttp3.Dispatcher();
            dispatcher.setMaxRequests(concurrency);
            dispatcher.setMaxRequestsPerHost(concurrency);
            builder.okHttpClient(new okhttp3.OkHttpClient.Builder().dispatcher(dispatcher)
                    .connectionPool(new okhttp3.ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                    .readTimeout(java.time.Duration.ofMinutes(5)).build());
        }
        com.openai.client.OpenAIClientAsync client = builder.build();
        com.openai.models.chat.completions.ChatCompletionCreateParams params = com.openai.models.chat.completions.ChatCompletionCreateParams
                .builder().model(model).addSystemMessage(SYSTEM).addUserMessage(USER).temperature(0.2).maxTokens(256).build();
        okhttp3.Dispatcher own = dispatcher;
        return new Caller() {
            @Override
            public void call(Done done) {
                client.chat().completions().create(params).whenComplete((answer, error) -> {
                    if (error != null) {
                        done.done(error);
                        return;
                    }
                    try {
                        check(answer.choices().get(0).message().content().orElse(null), done);
                    } catch (RuntimeException e) {
                        done.done(e);
                    }
                });
            }

            @Override
            public void close() {
                client.close();
                if (own != null) {
                    own.executorService().shutdownNow();
                }
            }
        };
    }

    // ---- the components, driven as Camel's SendProcessor drives an async producer ----

    static Caller component(CamelContext camel, String uri) throws Exception {
        Endpoint endpoint = camel.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        return new Caller() {
            @Override
            public void call(Done done) {
                Exchange exchange = endpoint.createExchange();
                exchange.getMessage().setBody(USER);
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        done.done(exchange.getException());
                    } else {
                        check(exchange.getMessage().getBody(String.class), done);
                    }
                });
            }

            @Override
            public void close() throws Exception {
                producer.stop();
            }
        };
    }

    private static Caller tls(CamelContext camel, Target t, String uri, boolean http2) throws Exception {
        SSLContextParameters ssl = trust(camel, t);
        if (uri.startsWith("baseten:")) {
            BasetenComponent c = camel.getComponent("baseten", BasetenComponent.class);
            c.setSslContextParameters(ssl);
            c.setHttp2(http2);
        } else {
            DatabricksAiComponent c = camel.getComponent("databricks-ai", DatabricksAiComponent.class);
            c.setSslContextParameters(ssl);
            c.setHttp2(http2);
        }
        return component(camel, uri);
    }

    static SSLContextParameters trust(CamelContext camel, Target t) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + t.keystore());
        store.setPassword(t.password());
        store.setType("PKCS12");
        store.setCamelContext(camel);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trust);
        return ssl;
    }

    static CamelContext camel() {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        return camel;
    }
}
