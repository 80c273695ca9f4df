package io.github.camelai.component.baseten.springboot;

import io.github.camelai.examples.LocalLlmEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * With two metrics backends Boot's registry is a composite of both (its primary), and the Camel registry holds
 * three {@code MeterRegistry} beans: the meters must still reach both backends, through the composite.
 */
class MetricsWithSeveralRegistriesTest {

    @Configuration(proxyBeanMethods = false)
    static class TwoBackends {
        @Bean
        SimpleMeterRegistry backendOne() {
            return new SimpleMeterRegistry();
        }

        @Bean
        SimpleMeterRegistry backendTwo() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void theMetersReachEveryBackendThroughBootsPrimaryRegistry() throws Exception {
        try (LocalLlmEmulator emulator = new LocalLlmEmulator().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(StarterTestApplication.class, TwoBackends.class)
                     .properties("camel.main.routes-include-pattern=classpath:routes/*.yaml",
                             "camel.component.baseten.base-url=" + emulator.basetenBaseUrl(),
                             "camel.component.baseten.api-key=emulator-key")
                     .run()) {
            app.getBean(ProducerTemplate.class).requestBody("direct:chat", "Count me", String.class);

            for (String backend : new String[] { "backendOne", "backendTwo" }) {
                MeterRegistry registry = app.getBean(backend, MeterRegistry.class);
                assertNotNull(registry.find("gen_ai.client.operation.duration").timer(),
                        "no GenAI meters on " + backend + ": " + registry.getMeters());
            }
        }
    }
}
