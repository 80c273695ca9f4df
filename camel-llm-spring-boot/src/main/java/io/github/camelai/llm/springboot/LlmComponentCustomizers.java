package io.github.camelai.llm.springboot;

import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.core.env.Environment;

/**
 * The customizer a starter registers for its component: it sets the {@code camel.component.<scheme>.*} properties
 * on every component of the type when Camel creates it. The properties are read (and unknown ones refused) when the
 * customizer is made, that is at start-up, even if no route uses the component.
 */
public final class LlmComponentCustomizers {

    private LlmComponentCustomizers() {
    }

    /**
     * The customizer of a component type; switched off, as with Apache's starters, by
     * {@code camel.component.customizer.enabled=false} or {@code camel.component.<scheme>.customizer.enabled=false}.
     */
    public static <T extends Component, C extends PropertyConfigurer & PropertyConfigurerGetter> ComponentCustomizer of(
            Environment environment, String scheme, Class<T> type, C configurer) {
        ComponentProperties properties = ComponentProperties.read(environment, scheme, configurer);
        return ComponentCustomizer.builder(type)
                .withCondition((name, component) -> HierarchicalPropertiesEvaluator.evaluate(environment,
                        "camel.component.customizer", "camel.component." + scheme + ".customizer"))
                .build(properties::applyTo);
    }
}
