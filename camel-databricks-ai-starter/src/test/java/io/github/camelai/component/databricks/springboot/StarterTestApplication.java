package io.github.camelai.component.databricks.springboot;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A user's application: the starter and a YAML route on the class path. */
@SpringBootApplication
public class StarterTestApplication {

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
                    "CAMEL_COMPONENT_DATABRICKSAI_TEMPERATURE", "0.25",
                    "CAMEL_COMPONENT_DATABRICKSAI_MAXTOKENS", "64")).initialize(context);
        }
    }
}
