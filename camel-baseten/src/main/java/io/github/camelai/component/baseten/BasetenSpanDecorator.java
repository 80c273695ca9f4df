package io.github.camelai.component.baseten;

import io.github.camelai.llm.telemetry.GenAiSpanDecorator;

/**
 * The {@code gen_ai.*} span attributes of {@code baseten:} calls, for camel-telemetry (camel-opentelemetry2), which
 * finds this class through {@code META-INF/services/org.apache.camel.telemetry.SpanDecorator}.
 */
public class BasetenSpanDecorator extends GenAiSpanDecorator {

    @Override
    public String getComponent() {
        return "baseten";
    }

    @Override
    public String getComponentClassName() {
        return BasetenComponent.class.getName();
    }
}
