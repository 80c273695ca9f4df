package io.github.camelai.llm.support;

import io.github.camelai.llm.telemetry.LlmTelemetry;
import org.apache.camel.Endpoint;

/**
 * What an {@link LlmProducer} needs from its endpoint: the options parsed when the endpoint started, the
 * component's header names, and the calls on the endpoint's HTTP client.
 */
public interface LlmEndpoint extends Endpoint {

    /** The endpoint's options, parsed once at start; a producer applies the exchange's headers on top. */
    RequestOptions requestOptions();

    /** The header names of the component. */
    LlmHeaders headers();

    /** The calls of the protocol on the endpoint's HTTP client; set when the endpoint starts. */
    LlmCalls calls();

    /** The endpoint's GenAI telemetry, read by the span decorators; {@link LlmTelemetry#NONE} when it has none. */
    default LlmTelemetry telemetry() {
        return LlmTelemetry.NONE;
    }
}
