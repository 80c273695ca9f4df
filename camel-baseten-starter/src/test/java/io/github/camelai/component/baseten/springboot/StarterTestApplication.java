package io.github.camelai.component.baseten.springboot;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A user's application: the starter and a YAML route on the class path, a thread pool bean of its own. */
@SpringBootApplication
public class StarterTestApplication {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService llmPool() {
        return Executors.newFixedThreadPool(2);
    }

    /**
     * Environment variables as the operating system would give them: a source named like Boot's own
     * ({@code ...-systemEnvironment}), so Boot reads it with its environment-variable name mapping.
     */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> environmentVariables(
            Map<String, Object> variables) {
        return context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
    }

    /** The variables the binding test sets. */
    public static class TestEnvironmentVariables implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            environmentVariables(Map.of(
                    "CAMEL_COMPONENT_BASETEN_TEMPERATURE", "0.25",
                    "CAMEL_COMPONENT_BASETEN_MAXCONNECTIONS", "7")).initialize(context);
        }
    }
}
