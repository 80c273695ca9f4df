package io.github.camelai.llm.tool;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.DefaultConsumer;

/**
 * Offers its route as a tool while the route runs: registers the tool when it starts, removes it when it stops,
 * and runs each call on a new exchange of its own (the caller's headers never reach the tool route).
 */
public class LlmToolConsumer extends DefaultConsumer {

    private volatile LlmTool tool;

    public LlmToolConsumer(LlmToolEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public LlmToolEndpoint getEndpoint() {
        return (LlmToolEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        QuietToolRouteErrors.apply(getRoute(), getProcessor());
        LlmTool t = getEndpoint().tool(this::invoke);
        LlmToolRegistry.of(getEndpoint().getCamelContext()).add(t);
        tool = t;
    }

    @Override
    protected void doStop() throws Exception {
        LlmTool t = tool;
        if (t != null) {
            LlmToolRegistry.of(getEndpoint().getCamelContext()).remove(t);
            tool = null;
        }
        super.doStop();
    }

    /** Runs the route for one call: body = the arguments; completes with the route's answer as text. */
    CompletableFuture<String> invoke(String callId, Map<String, Object> arguments) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Exchange exchange = createExchange(false);
        Message in = exchange.getMessage();
        in.setBody(arguments);
        in.setHeader(LlmToolConstants.TOOL_NAME, getEndpoint().getName());
        in.setHeader(LlmToolConstants.TOOL_CALL_ID, callId);
        try {
            getAsyncProcessor().process(exchange, doneSync -> {
                try {
                    Exception failure = exchange.getException();
                    if (failure != null) {
                        // the loop decides: the model hears of a failed tool, but not of a call that could not run
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(text(exchange));
                    }
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    releaseExchange(exchange, false);
                }
            });
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
        return result;
    }

    /** The route's answer for the model: text as it is, streams and files read as text, anything else as JSON. */
    static String text(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return "";
        }
        if (body instanceof CharSequence s) {
            return s.toString();
        }
        if (body instanceof byte[] || body instanceof InputStream || body instanceof Reader || body instanceof StreamCache
            || body instanceof WrappedFile<?>) {
            return exchange.getMessage().getBody(String.class);
        }
        try {
            return new String(LlmJson.MAPPER.writeValueAsBytes(body), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalArgumentException("the tool route's body (" + body.getClass().getName()
                                               + ") cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
