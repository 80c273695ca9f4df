package io.github.camelai.llm.telemetry;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.function.Function;

import io.github.camelai.llm.concurrency.ConcurrencyLimiter;
import io.github.camelai.llm.http.StreamControl;
import io.github.camelai.llm.http.StreamSubscriber;
import io.github.camelai.llm.model.ChatCompletionChunk;
import io.github.camelai.llm.model.StreamChunk;
import io.github.camelai.llm.support.GenerationParameter;
import io.github.camelai.llm.support.LlmConfiguration;
import io.github.camelai.llm.support.LlmHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The GenAI telemetry of one endpoint: starts a {@link GenAiCall} when an exchange is sent to the model, ends it
 * when the exchange finishes (or, for a streamed iterator, when the stream has been read), and records it on the
 * Micrometer registry when the application has one. The span decorators of camel-telemetry read the same
 * {@link GenAiCall}. An endpoint whose operation has no GenAI name (a webhook, async job management) gets
 * {@link #NONE}, which records nothing.
 */
public final class LlmTelemetry {

    /** Records nothing. */
    public static final LlmTelemetry NONE = new LlmTelemetry(null, null, null, null, null, null, null);

    private final CamelContext context;
    private final String provider;
    private final String operation;
    private final URI server;
    private final String defaultModel;
    private final LlmConfiguration configuration;
    private final LlmHeaders headers;
    private volatile GenAiMeters meters;
    private volatile boolean metersLooked;
    private volatile ConcurrencyLimiter limiter;

    private LlmTelemetry(CamelContext context, String provider, String operation, URI server, String defaultModel,
                         LlmConfiguration configuration, LlmHeaders headers) {
        this.context = context;
        this.provider = provider;
        this.operation = operation;
        this.server = server;
        this.defaultModel = defaultModel;
        this.configuration = configuration;
        this.headers = headers;
    }

    /**
     * @param provider      the {@code gen_ai.provider.name}, chosen by the component (for example its scheme's
     *                      service name)
     * @param operation     the {@code gen_ai.operation.name} ({@link GenAiConventions}); {@code null} gives
     *                      {@link #NONE}
     * @param serverUrl     the URL calls go to, for {@code server.address} and {@code server.port}; may be
     *                      {@code null}
     * @param defaultModel  the request model when neither header nor option names one (a deployment id); may be
     *                      {@code null}
     * @param configuration the endpoint's options: model, temperature and max tokens
     * @param headers       the component's header names: a model, temperature or max tokens header overrides the
     *                      option, as it does for the request
     */
    public static LlmTelemetry of(CamelContext context, String provider, String operation, String serverUrl,
                                  String defaultModel, LlmConfiguration configuration, LlmHeaders headers) {
        if (operation == null) {
            return NONE;
        }
        URI server = null;
        if (serverUrl != null) {
            try {
                server = URI.create(serverUrl);
            } catch (IllegalArgumentException e) {
                // a URL that does not parse fails the call itself with a clear message; telemetry goes without it
            }
        }
        return new LlmTelemetry(context, provider, operation, server, defaultModel, configuration, headers);
    }

    /** The {@code gen_ai.operation.name}, or {@code null} for {@link #NONE}. */
    public String operation() {
        return operation;
    }

    /**
     * The call this exchange is making through this endpoint: the one already started (a call made of several
     * steps begins once), else a new one, stored on the exchange.
     */
    public GenAiCall begin(Exchange exchange) {
        if (operation == null) {
            return null;
        }
        GenAiCall current = GenAiCall.of(exchange);
        if (current != null && !current.isEnded() && current.owner() == this) {
            return current;
        }
        GenAiCall call = describe(exchange.getMessage(), System.nanoTime());
        exchange.setProperty(GenAiCall.PROPERTY, call);
        return call;
    }

    /** The request attributes an exchange would be sent with, from its headers and this endpoint's options. */
    public GenAiCall describe(Message message, long startNanos) {
        String model = header(message, GenerationParameter.MODEL, String.class, configuration.getModel());
        return new GenAiCall(this, operation, provider, server != null ? server.getHost() : null,
                server != null ? port(server) : -1, model != null ? model : defaultModel,
                header(message, GenerationParameter.TEMPERATURE, Double.class, configuration.getTemperature()),
                header(message, GenerationParameter.MAX_TOKENS, Integer.class, configuration.getMaxTokens()), startNanos);
    }

    /**
     * Called as the exchange finishes: ends the call, unless it is a stream still being read by the route (see
     * {@link #iterated}). Does nothing when no call was started.
     */
    public void finished(Exchange exchange, Throwable error) {
        GenAiCall call = GenAiCall.of(exchange);
        if (call == null || call.owner() != this || (error == null && call.isStreamOpen())) {
            return;
        }
        end(call, error, System.nanoTime());
    }

    /**
     * Watches a streamed answer: notes when its first bytes arrive and when it ends. Returns the subscriber to give
     * the transport.
     */
    public StreamSubscriber observe(GenAiCall call, StreamSubscriber subscriber) {
        if (call == null) {
            return subscriber;
        }
        return new StreamSubscriber() {
            @Override
            public void onOpen(int status, Function<String, String> headers, StreamControl control) {
                subscriber.onOpen(status, headers, control);
            }

            @Override
            public void onData(ByteBuffer data) {
                call.firstChunk(System.nanoTime());
                subscriber.onData(data);
            }

            @Override
            public void onComplete() {
                call.streamEnd(System.nanoTime(), null);
                subscriber.onComplete();
            }

            @Override
            public void onError(Throwable error) {
                call.streamEnd(System.nanoTime(), error);
                subscriber.onError(error);
            }
        };
    }

    /**
     * A stream handed to the route as an iterator: the call goes on after the exchange continues, and ends in
     * {@link #streamRead}. The returned parser also notes what the chunks say (id, model, finish reason, usage).
     */
    public <T extends StreamChunk> Function<io.github.camelai.llm.sse.SseEvent, T> iterated(
            GenAiCall call, Function<io.github.camelai.llm.sse.SseEvent, T> parser) {
        if (call == null) {
            return parser;
        }
        call.streamOpen();
        return event -> {
            T chunk = parser.apply(event);
            if (chunk instanceof ChatCompletionChunk c) {
                call.response(c.getId(), c.getModel(), c.finishReason(), c.getUsage());
            } else if (chunk != null) {
                call.response(null, null, null, chunk.getUsage());
            }
            return chunk;
        };
    }

    /**
     * A call whose answer the route reads after the exchange continued (a stream of several rounds): it is not
     * ended by {@link #finished} but by {@link #streamRead}. Returns the call.
     */
    public GenAiCall streaming(GenAiCall call) {
        if (call != null) {
            call.streamOpen();
        }
        return call;
    }

    /**
     * The route is done with a streamed iterator (the exchange completed): ends the call with the time and error
     * of the stream's end, or now if the route stopped reading before it.
     */
    public void streamRead(GenAiCall call, Exchange exchange) {
        if (call == null) {
            return;
        }
        long end = call.streamEndNanos();
        Throwable error = call.streamError();
        if (end < 0) {
            end = System.nanoTime();
            error = exchange.getException();
        }
        end(call, error, end);
    }

    private void end(GenAiCall call, Throwable error, long endNanos) {
        if (!call.end(error)) {
            return;
        }
        GenAiMeters m = meters();
        if (m != null) {
            m.record(call, endNanos - call.startNanos());
        }
    }

    /** A call of this endpoint waited {@code nanos} on its requestsPerMinute or tokensPerMinute quota (0: none). */
    public void quotaWaited(long nanos) {
        if (operation == null) {
            return;
        }
        GenAiMeters m = meters();
        if (m != null) {
            String model = configuration.getModel() != null ? configuration.getModel() : defaultModel;
            m.recordQuotaWait(operation, provider, model, nanos);
        }
    }

    /**
     * Shows the endpoint's concurrency limit as a gauge, when the application has a Micrometer registry and the
     * endpoint has a cap. Called as the endpoint starts; a registry bound later is found on the first call.
     */
    public void watch(ConcurrencyLimiter limiter) {
        if (operation == null || limiter == null || !limiter.isCapped()) {
            return;
        }
        this.limiter = limiter;
        GenAiMeters m = metersLooked ? meters : GenAiMeters.find(context);
        if (m != null) {
            meters = m;
            metersLooked = true;
            watchLimit(m);
        }
    }

    private void watchLimit(GenAiMeters m) {
        ConcurrencyLimiter l = limiter;
        if (l != null) {
            String model = configuration.getModel() != null ? configuration.getModel() : defaultModel;
            // keyed by the endpoint's configuration, which outlives a restart: the new limiter replaces the old
            m.watchLimit(operation, provider, model, configuration, l::limit);
        }
    }

    private GenAiMeters meters() {
        if (!metersLooked) {
            // looked up on first use: Camel Main binds its registry before routes start, a test may bind it late
            meters = GenAiMeters.find(context);
            metersLooked = true;
            if (meters != null) {
                watchLimit(meters);
            }
        }
        return meters;
    }

    private <T> T header(Message message, GenerationParameter parameter, Class<T> type, T fallback) {
        if (message == null || headers == null) {
            return fallback;
        }
        Object raw = message.getHeader(headers.name(parameter.header()));
        if (raw == null) {
            return fallback;
        }
        try {
            T value = context.getTypeConverter().convertTo(type, message.getExchange(), raw);
            return value != null ? value : fallback;
        } catch (RuntimeException e) {
            // the producer refuses the header with a message naming it; telemetry just keeps the option's value
            return fallback;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }
}
