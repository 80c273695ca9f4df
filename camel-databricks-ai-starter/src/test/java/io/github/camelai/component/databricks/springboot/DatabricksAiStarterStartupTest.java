package io.github.camelai.component.databricks.springboot;

import java.util.Map;

import io.github.camelai.component.databricks.DatabricksAiComponent;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees when a property is wrong or missing, and the switch that turns the starter off. */
class DatabricksAiStarterStartupTest {

    @Test
    void aMisspelledPropertyFailsStartNamingIt() {
        String message = failure(Map.of(), "camel.component.databricks-ai.hots=https://adb-1.azuredatabricks.net");

        assertTrue(message.contains("camel.component.databricks-ai.hots"), message);
        assertTrue(message.contains("has no option hots"), message);
    }

    @Test
    void anEnvironmentVariableBindsByItsSpringNameAndABlankValueIsNotSet() {
        // a blank value is "not set": a placeholder whose variable is unset leaves the option alone
        try (ConfigurableApplicationContext app = run(Map.of("CAMEL_COMPONENT_DATABRICKSAI_HOST", "https://adb-1.azuredatabricks.net"),
                "camel.component.databricks-ai.max-tokens=${NO_SUCH_VARIABLE:}")) {
            DatabricksAiComponent component = app.getBean(CamelContext.class).getComponent("databricks-ai",
                    DatabricksAiComponent.class);
            assertEquals("https://adb-1.azuredatabricks.net", component.getConfiguration().getHost());
            assertNull(component.getConfiguration().getMaxTokens());
        }
    }

    @Test
    void withoutAHostTheErrorNamesThePropertyAndTheVariable() {
        String message = failure(Map.of(), "camel.component.databricks-ai.token=dapi-x",
                "camel.main.routes-include-pattern=classpath:routes/*.yaml");

        assertTrue(message.contains("camel.component.databricks-ai.host"), message);
        assertTrue(message.contains("DATABRICKS_HOST"), message);
    }

    @Test
    void enabledFalseLeavesTheComponentAlone() {
        try (ConfigurableApplicationContext app = run(Map.of(), "camel.component.databricks-ai.enabled=false",
                "camel.component.databricks-ai.host=https://adb-1.azuredatabricks.net")) {
            DatabricksAiComponent component = app.getBean(CamelContext.class).getComponent("databricks-ai",
                    DatabricksAiComponent.class);
            assertNull(component.getConfiguration().getHost());
        }
    }

    private static ConfigurableApplicationContext run(Map<String, Object> env, String... properties) {
        return new SpringApplicationBuilder(StarterTestApplication.class)
                .initializers(StarterTestApplication.environmentVariables(env))
                .properties(properties)
                .run();
    }

    /** The messages of the start-up failure and its causes, as Boot prints them. */
    private static String message(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String failure(Map<String, Object> env, String... properties) {
        return message(assertThrows(Exception.class, () -> {
            try (ConfigurableApplicationContext app = run(env, properties)) {
                app.getBean(CamelContext.class).getComponent("databricks-ai");
            }
        }));
    }
}
