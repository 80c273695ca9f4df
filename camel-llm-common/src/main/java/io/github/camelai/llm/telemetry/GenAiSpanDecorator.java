package io.github.camelai.llm.telemetry;

import io.github.camelai.llm.support.LlmEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.decorators.AbstractSpanDecorator;

/**
 * Adds OpenTelemetry's {@code gen_ai.*} attributes to the span camel-telemetry (camel-opentelemetry2) opens when
 * an exchange is sent to an {@link LlmEndpoint}. A component registers a subclass per scheme in
 * {@code META-INF/services/org.apache.camel.telemetry.SpanDecorator}; camel-telemetry finds it with the
 * {@link java.util.ServiceLoader} and matches it by {@link #getComponent()}. Without camel-telemetry nothing loads
 * this class.
 * <p>
 * The request attributes are known when the span starts; the response's (model, id, finish reasons, token counts)
 * when the exchange comes back, from the {@link GenAiCall} the call path keeps on the exchange. camel-telemetry's
 * span tags are strings, so token counts and the temperature are their decimal text. Prompt and answer text are
 * never recorded.
 */
public abstract class GenAiSpanDecorator extends AbstractSpanDecorator {

    /** The endpoint's telemetry, or {@code null} when the endpoint is not an LLM endpoint. */
    protected LlmTelemetry telemetry(Endpoint endpoint) {
        return endpoint instanceof LlmEndpoint llm ? llm.telemetry() : null;
    }

    /** {@code <operation> <model>} as the convention names GenAI spans, else Camel's default. */
    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        LlmTelemetry telemetry = telemetry(endpoint);
        if (telemetry == null || telemetry.operation() == null) {
            return super.getOperationName(exchange, endpoint);
        }
        String model = telemetry.describe(exchange.getMessage(), 0).requestModel();
        return model == null ? telemetry.operation() : telemetry.operation() + " " + model;
    }

    @Override
    public void beforeTracingEvent(Span span, Exchange exchange, Endpoint endpoint) {
        super.beforeTracingEvent(span, exchange, endpoint);
        LlmTelemetry telemetry = telemetry(endpoint);
        if (telemetry == null || telemetry.operation() == null) {
            return;
        }
        GenAiCall call = telemetry.describe(exchange.getMessage(), 0);
        tag(span, GenAiConventions.OPERATION_NAME, call.operation());
        tag(span, GenAiConventions.PROVIDER_NAME, call.provider());
        tag(span, GenAiConventions.REQUEST_MODEL, call.requestModel());
        tag(span, GenAiConventions.REQUEST_TEMPERATURE, call.temperature());
        tag(span, GenAiConventions.REQUEST_MAX_TOKENS, call.maxTokens());
        tag(span, GenAiConventions.SERVER_ADDRESS, call.serverAddress());
        if (call.serverPort() > 0) {
            tag(span, GenAiConventions.SERVER_PORT, call.serverPort());
        }
        // a call an earlier endpoint made with this exchange is not this span's
        exchange.removeProperty(GenAiCall.PROPERTY);
    }

    @Override
    public void afterTracingEvent(Span span, Exchange exchange) {
        super.afterTracingEvent(span, exchange);
        GenAiCall call = GenAiCall.of(exchange);
        if (call == null) {
            if (exchange.getException() != null) {
                tag(span, GenAiConventions.ERROR_TYPE, GenAiCall.errorType(exchange.getException()));
            }
            return;
        }
        tag(span, GenAiConventions.RESPONSE_ID, call.responseId());
        tag(span, GenAiConventions.RESPONSE_MODEL, call.responseModel());
        tag(span, GenAiConventions.RESPONSE_FINISH_REASONS, call.finishReason());
        tag(span, GenAiConventions.USAGE_INPUT_TOKENS, call.inputTokens());
        tag(span, GenAiConventions.USAGE_OUTPUT_TOKENS, call.outputTokens());
        String error = call.errorType();
        if (error == null && exchange.getException() != null) {
            error = GenAiCall.errorType(exchange.getException());
        }
        tag(span, GenAiConventions.ERROR_TYPE, error);
    }

    private static void tag(Span span, String name, Object value) {
        if (value != null) {
            span.setTag(name, value.toString());
        }
    }
}
