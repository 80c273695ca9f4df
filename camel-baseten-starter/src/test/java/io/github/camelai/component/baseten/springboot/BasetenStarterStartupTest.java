package io.github.camelai.component.baseten.springboot;

import java.util.Map;

import io.github.camelai.component.baseten.BasetenComponent;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees when a property is wrong, and the switches that turn the starter off. */
class BasetenStarterStartupTest {

    @Test
    void aMisspelledPropertyFailsStartNamingIt() {
        Throwable e = failure(Map.of(), "spring.config.location=classpath:misspelled/application.properties");

        String message = message(e);
        assertTrue(message.contains("camel.component.baseten.api-kee (class path resource "
                                    + "[misspelled/application.properties] - 3:"), message);
        assertTrue(message.contains("has no option apikee"), message);
        assertFalse(message.contains("secret-value"), message);
    }

    @Test
    void anEnvironmentVariableWithTheWrongSeparatorsFailsStartNamingIt() {
        Throwable e = failure(Map.of("CAMEL_COMPONENT_BASETEN_API_KEY", "k"));

        String message = message(e);
        assertTrue(message.contains("CAMEL_COMPONENT_BASETEN_API_KEY"), message);
        assertTrue(message.contains("CAMEL_COMPONENT_BASETEN_MAXRETRIES"), message);
    }

    @Test
    void aValueTheOptionCannotTakeFailsStartNamingTheProperty() {
        Throwable e = failure(Map.of(), "camel.component.baseten.max-retries=many",
                "camel.main.routes-include-pattern=classpath:routes/*.yaml");

        String message = message(e);
        assertTrue(message.contains("Cannot set camel.component.baseten.max-retries on the baseten component"), message);

        message = message(failure(Map.of(), "camel.component.baseten.worker-pool=#bean:noSuchPool",
                "camel.main.routes-include-pattern=classpath:routes/*.yaml"));
        assertTrue(message.contains("Cannot set camel.component.baseten.worker-pool on the baseten component"), message);
        assertTrue(message.contains("noSuchPool"), message);

        // webhookSecret is secret by the catalog, not by Camel's list of sensitive names: its value stays out
        message = message(failure(Map.of(), "camel.component.baseten.webhook-secret=#bean:whsec_do_not_print",
                "camel.main.routes-include-pattern=classpath:routes/*.yaml"));
        assertTrue(message.contains("Cannot set camel.component.baseten.webhook-secret on the baseten component: "
                                    + "the value does not fit the option (value not shown: the option is secret)"), message);
        assertFalse(message.contains("whsec_do_not_print"), message);
    }

    @Test
    void enabledFalseLeavesTheComponentAlone() {
        try (ConfigurableApplicationContext app = run(Map.of(), "camel.component.baseten.enabled=false",
                "camel.component.baseten.api-key=k", "camel.component.baseten.not-an-option=x")) {
            BasetenComponent component = app.getBean(CamelContext.class).getComponent("baseten", BasetenComponent.class);
            assertNull(component.getApiKey());
            assertEquals(3, component.getConfiguration().getMaxRetries());
        }
    }

    @Test
    void customizerEnabledFalseLeavesTheComponentAlone() {
        try (ConfigurableApplicationContext app = run(Map.of(), "camel.component.baseten.customizer.enabled=false",
                "camel.component.baseten.api-key=k")) {
            BasetenComponent component = app.getBean(CamelContext.class).getComponent("baseten", BasetenComponent.class);
            assertNull(component.getApiKey());
        }
    }

    private static ConfigurableApplicationContext run(Map<String, Object> env, String... properties) {
        return new SpringApplicationBuilder(StarterTestApplication.class)
                .initializers(StarterTestApplication.environmentVariables(env))
                .properties(properties)
                .properties("camel.main.routes-include-pattern=false")
                .run();
    }

    private static Throwable failure(Map<String, Object> env, String... properties) {
        return assertThrows(Exception.class, () -> {
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StarterTestApplication.class)
                    .initializers(StarterTestApplication.environmentVariables(env))
                    .properties(properties)
                    .run()) {
                app.getBean(CamelContext.class).getComponent("baseten");
            }
        });
    }

    /** The messages of the failure and its causes, as Boot prints them. */
    private static String message(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
