package io.github.camelai.component.databricks;

import io.github.camelai.llm.telemetry.GenAiSpanDecorator;

/**
 * The {@code gen_ai.*} span attributes of {@code databricks-ai:} calls, for camel-telemetry (camel-opentelemetry2),
 * which finds this class through {@code META-INF/services/org.apache.camel.telemetry.SpanDecorator}.
 */
public class DatabricksAiSpanDecorator extends GenAiSpanDecorator {

    @Override
    public String getComponent() {
        return "databricks-ai";
    }

    @Override
    public String getComponentClassName() {
        return DatabricksAiComponent.class.getName();
    }
}
