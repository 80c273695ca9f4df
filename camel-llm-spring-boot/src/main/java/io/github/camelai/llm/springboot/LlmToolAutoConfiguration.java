package io.github.camelai.llm.springboot;

import io.github.camelai.llm.tool.LlmToolComponent;
import io.github.camelai.llm.tool.LlmToolComponentConfigurer;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * {@code camel.component.llm-tool.*} for the tool component both starters bring: it needs no property to work, but
 * one set must bind, or fail start-up, as for the components.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.llm-tool" })
public class LlmToolAutoConfiguration {

    /** The tool component's scheme. */
    public static final String SCHEME = "llm-tool";

    @Bean
    ComponentCustomizer configureLlmToolComponent(Environment environment) {
        return LlmComponentCustomizers.of(environment, SCHEME, LlmToolComponent.class, new LlmToolComponentConfigurer());
    }
}
