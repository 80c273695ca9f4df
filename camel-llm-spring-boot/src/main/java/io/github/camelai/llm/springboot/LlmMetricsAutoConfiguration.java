package io.github.camelai.llm.springboot;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The GenAI meters of the components on Boot's own {@link MeterRegistry}. The components record on the registry
 * bound in Camel's registry as {@code metricsRegistry}, else on the only {@code MeterRegistry} bean; with several
 * (Boot makes a composite, its primary, when more than one backend is on the classpath) they would record nowhere.
 * This binds Boot's primary registry under that name, unless the application (or camel-micrometer) already has one.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, CamelContext.class })
public class LlmMetricsAutoConfiguration {

    /** The name the components (and camel-micrometer) look their registry up by. */
    static final String METRICS_REGISTRY = "metricsRegistry";

    @Bean
    CamelContextConfiguration llmMetricsRegistry(ObjectProvider<MeterRegistry> registries) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                if (camelContext.getRegistry().lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class) != null) {
                    return;
                }
                MeterRegistry registry = registries.getIfUnique();
                if (registry != null) {
                    camelContext.getRegistry().bind(METRICS_REGISTRY, MeterRegistry.class, registry);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing: the registry must be in place before the first call
            }
        };
    }
}
