package io.github.camelai.llm.springboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.DefaultComponent;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spring's names for an option, matched through a configurer; what is not an option is refused, by name. */
class ComponentPropertiesTest {

    /** A configurer of three options, as the generated ones match them (lower case when ignoring case). */
    static final class DemoConfigurer implements PropertyConfigurer, PropertyConfigurerGetter {
        @Override
        public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
            String key = name.toLowerCase();
            if (getOptionType(key, true) == null) {
                return false;
            }
            ((DemoComponent) target).set.put(key, value);
            return true;
        }

        @Override
        public Class<?> getOptionType(String name, boolean ignoreCase) {
            return switch (name.toLowerCase()) {
                case "apikey" -> String.class;
                case "maxretries" -> int.class;
                case "additionalbodyproperty" -> Map.class;
                default -> null;
            };
        }

        @Override
        public Object getOptionValue(Object target, String name, boolean ignoreCase) {
            return ((DemoComponent) target).set.get(name.toLowerCase());
        }
    }

    static final class DemoComponent extends DefaultComponent {
        final Map<String, Object> set = new LinkedHashMap<>();

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            throw new UnsupportedOperationException();
        }
    }

    private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
        return env;
    }

    private static DemoComponent apply(StandardEnvironment env) {
        DemoComponent component = new DemoComponent();
        component.setCamelContext(new DefaultCamelContext());
        ComponentProperties.read(env, "demo-ai", new DemoConfigurer()).applyTo(component);
        return component;
    }

    @Test
    void kebabCamelAndEnvironmentNamesReachTheOption() {
        assertEquals(Map.of("apikey", "k"), apply(environment(Map.of("camel.component.demo-ai.api-key", "k"), Map.of())).set);
        assertEquals(Map.of("apikey", "k"), apply(environment(Map.of("camel.component.demo-ai.apiKey", "k"), Map.of())).set);
        assertEquals(Map.of("maxretries", "4"),
                apply(environment(Map.of(), Map.of("CAMEL_COMPONENT_DEMOAI_MAXRETRIES", "4"))).set);
    }

    @Test
    void theEnvironmentWinsOverAFileAsInSpring() {
        DemoComponent c = apply(environment(Map.of("camel.component.demo-ai.max-retries", "1"),
                Map.of("CAMEL_COMPONENT_DEMOAI_MAXRETRIES", "9")));
        assertEquals("9", c.set.get("maxretries"));
    }

    @Test
    void aMapOptionTakesOneEntryPerKeyInEitherForm() {
        DemoComponent c = apply(environment(Map.of(
                "camel.component.demo-ai.additional-body-property.frequency_penalty", "0.5",
                "camel.component.demo-ai.additional-body-property[top_k]", "5"), Map.of()));
        assertEquals(Map.of("frequency_penalty", "0.5", "top_k", "5"), c.set.get("additionalbodyproperty"));
    }

    @Test
    void theStartersOwnSwitchesAndBlankValuesSetNothing() {
        DemoComponent c = apply(environment(Map.of("camel.component.demo-ai.enabled", "true",
                "camel.component.demo-ai.customizer.enabled", "true", "camel.component.demo-ai.api-key", " "), Map.of()));
        assertEquals(Map.of(), c.set);
    }

    @Test
    void whatIsNoOptionIsRefusedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ComponentProperties.read(
                environment(Map.of("camel.component.demo-ai.api-kee", "secret-value",
                        "camel.component.demo-ai.max-retries.extra", "1",
                        "camel.component.demo-ai.additional-body-property", "x"),
                        Map.of("CAMEL_COMPONENT_DEMOAI_API_KEY", "k")),
                "demo-ai", new DemoConfigurer()));

        String message = e.getMessage();
        assertTrue(message.contains("camel.component.demo-ai.api-kee"), message);
        assertTrue(message.contains("has no option apikee"), message);
        assertTrue(message.contains("CAMEL_COMPONENT_DEMOAI_API_KEY"), message);
        assertTrue(message.contains("has no option max-retries with nested names"), message);
        assertTrue(message.contains("additionalbodyproperty is a map; give each entry its own key"), message);
        assertTrue(message.contains("CAMEL_COMPONENT_DEMOAI_MAXRETRIES"), message);
        assertFalse(message.contains("secret-value"), message);
    }

    @Test
    void aValueTheOptionCannotTakeNamesTheProperty() {
        DemoComponent component = new DemoComponent();
        component.setCamelContext(new DefaultCamelContext());
        ComponentProperties properties = ComponentProperties.read(
                environment(Map.of("camel.component.demo-ai.api-key", "#bean:missingBean"), Map.of()),
                "demo-ai", new DemoConfigurer());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> properties.applyTo(component));
        assertEquals("Cannot set camel.component.demo-ai.api-key on the demo-ai component: the value does not fit the "
                     + "option (value not shown: the option is secret)", e.getMessage());
    }

    @Test
    void aPlaceholderThatIsNotSetIsNamedNotTakenAsTheValue() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ComponentProperties.read(
                environment(Map.of("camel.component.demo-ai.api-key", "sk-secret-${KEY_SUFFIX}",
                        "camel.component.demo-ai.max-retries", "${RETRIES:3}",
                        "camel.component.demo-ai.additional-body-property.top_k", "${TOP_K}"), Map.of()),
                "demo-ai", new DemoConfigurer()));

        String message = e.getMessage();
        assertTrue(message.contains("camel.component.demo-ai.api-key (") && message.contains("uses ${KEY_SUFFIX}"), message);
        assertTrue(message.contains("uses ${TOP_K}"), message);
        assertTrue(message.contains("${NAME:default}"), message);
        assertFalse(message.contains("RETRIES"), "a placeholder with a default is resolved: " + message);
        assertFalse(message.contains("sk-secret"), message);

        // set, defaulted or escaped, a placeholder binds as Spring resolves it
        DemoComponent component = apply(environment(Map.of("camel.component.demo-ai.api-key", "${MY_KEY}",
                "camel.component.demo-ai.max-retries", "${RETRIES:3}",
                "camel.component.demo-ai.additional-body-property.template", "\\${kept}"), Map.of("MY_KEY", "k")));
        assertEquals(Map.of("apikey", "k", "maxretries", "3", "additionalbodyproperty", Map.of("template", "${kept}")),
                component.set);
    }
}
