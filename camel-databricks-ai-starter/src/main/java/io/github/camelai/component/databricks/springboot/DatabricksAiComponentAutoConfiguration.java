package io.github.camelai.component.databricks.springboot;

import io.github.camelai.component.databricks.DatabricksAiComponent;
import io.github.camelai.component.databricks.DatabricksAiComponentConfigurer;
import io.github.camelai.llm.springboot.LlmComponentCustomizers;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Sets the {@code camel.component.databricks-ai.*} properties on the databricks-ai component. Every option of the component
 * binds, through its generated configurer; a property that is no option fails start-up. Off with
 * {@code camel.component.databricks-ai.enabled=false} (or {@code camel.component.enabled=false}).
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.databricks-ai" })
public class DatabricksAiComponentAutoConfiguration {

    /** The component's scheme, the last part of the properties' prefix. */
    public static final String SCHEME = "databricks-ai";

    @Bean
    ComponentCustomizer configureDatabricksAiComponent(Environment environment) {
        return LlmComponentCustomizers.of(environment, SCHEME, DatabricksAiComponent.class, new DatabricksAiComponentConfigurer());
    }
}
