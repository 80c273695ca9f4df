package io.github.camelai.llm.springboot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Component;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.SensitiveUtils;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The {@code camel.component.<scheme>.*} properties of a Spring Boot application, matched to the component's options
 * through its generated configurer, the class that sets every option the catalog lists. No field per option: an
 * option added to the component binds with no change here, and a property that names no option fails start-up
 * (naming the property and where it was set) instead of being ignored.
 * <p>
 * Spring's relaxed names all reach the same option: {@code api-key}, {@code apiKey} and the environment variable
 * {@code CAMEL_COMPONENT_BASETEN_APIKEY} are one name in Spring's uniform form ({@code apikey}), which is the
 * option's name in lower case, the form the configurer matches when told to ignore case. A map option (a catalog
 * {@code prefix} option such as {@code additionalBodyProperty}) takes the rest of the name as its key:
 * {@code additional-body-property.top_k=5} or {@code additional-body-property[top_k]=5}.
 */
public final class ComponentProperties {

    private static final String ENABLED = "enabled";
    private static final String CUSTOMIZER = "customizer";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");

    private final String scheme;
    private final PropertyConfigurer configurer;
    private final List<Setting> settings;

    private ComponentProperties(String scheme, PropertyConfigurer configurer, List<Setting> settings) {
        this.scheme = scheme;
        this.configurer = configurer;
        this.settings = settings;
    }

    /**
     * Reads every property under {@code camel.component.<scheme>} and matches it to an option of the configurer.
     *
     * @throws IllegalStateException naming each property that is not an option of the component
     */
    public static <C extends PropertyConfigurer & PropertyConfigurerGetter> ComponentProperties read(
            Environment environment, String scheme, C configurer) {
        String prefix = "camel.component." + scheme;
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        Binder binder = Binder.get(environment);
        Map<String, Setting> byOption = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        for (ConfigurationPropertyName name : namesUnder(environment, root)) {
            int at = root.getNumberOfElements();
            String option = name.getElement(at, Form.UNIFORM);
            boolean leaf = name.getNumberOfElements() == at + 1;
            if ((leaf && ENABLED.equals(option)) || CUSTOMIZER.equals(option)) {
                continue; // the starter's own switches, read by its conditions
            }
            Class<?> type = configurer.getOptionType(option, true);
            String value = binder.bind(name, Bindable.of(String.class)).orElse("");
            if (type == null || (!leaf && !Map.class.isAssignableFrom(type))) {
                unknown.add(describe(environment, name) + ": the " + scheme + " component has no option "
                            + (leaf ? option : name.getElement(at, Form.DASHED) + " with nested names"));
                continue;
            }
            String missing = unresolvedPlaceholders(environment, name);
            if (missing != null) {
                unset.add(describe(environment, name) + " uses " + missing);
                continue;
            }
            String property = prefix + "." + name.getElement(at, Form.DASHED);
            Setting setting = byOption.computeIfAbsent(option, o -> new Setting(o, property, Map.class.isAssignableFrom(type)));
            if (setting.map) {
                if (leaf) {
                    unknown.add(describe(environment, name) + ": " + option + " is a map; give each entry its own key, "
                                + prefix + "." + name.getElement(at, Form.DASHED) + ".<key>=<value>");
                    continue;
                }
                setting.entries.put(keyOf(name, at + 1), value);
            } else if (!value.isBlank()) {
                // blank is "not set", as Spring reads it for numbers and the components for text
                // (e.g. host=${DATABRICKS_HOST:} with the variable unset)
                setting.value = value;
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Properties under " + prefix + " that configure nothing: "
                                            + String.join("; ", unknown) + ". Option names are the component's, in "
                                            + "kebab-case, camelCase, or upper case without separators in an "
                                            + "environment variable (maxRetries: max-retries, maxRetries, "
                                            + prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "")
                                            + "_MAXRETRIES); the starter's documentation lists them");
        }
        if (!unset.isEmpty()) {
            throw new IllegalStateException("Properties under " + prefix + " refer to placeholders that are not set: "
                                            + String.join("; ", unset) + ". Set each (an environment variable, a "
                                            + "system property, --NAME=value on the command line), or give it a "
                                            + "default: ${NAME:default} (${NAME:} for none)");
        }
        return new ComponentProperties(scheme, configurer, List.copyOf(byOption.values()));
    }

    /**
     * Spring's binding leaves a placeholder whose property is not set as text ({@code ${DATABRICKS_HOST}}), which the
     * option would take as its value: the placeholders that cannot be resolved, or null. The raw value is not shown,
     * since a secret may be written around a placeholder.
     */
    private static String unresolvedPlaceholders(Environment environment, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property == null) {
                continue;
            }
            if (!(property.getValue() instanceof String raw) || !raw.contains("${")) {
                return null;
            }
            try {
                environment.resolveRequiredPlaceholders(raw);
                return null;
            } catch (IllegalArgumentException e) {
                Set<String> missing = new TreeSet<>();
                Matcher m = PLACEHOLDER.matcher(raw);
                while (m.find()) {
                    if (!environment.containsProperty(m.group(1))) {
                        missing.add("${" + m.group(1) + "}");
                    }
                }
                return missing.isEmpty() ? "a placeholder that cannot be resolved" : String.join(", ", missing);
            }
        }
        return null;
    }

    /**
     * Sets every option read onto the component, through Camel's property binding: values are converted to the
     * option's type, {@code #bean:name} (or {@code #name}) refers to a bean, {@code {{...}}} is a Camel placeholder.
     *
     * @throws IllegalArgumentException naming the property whose value the option cannot take (the value itself only
     *                                  when the option is not a secret)
     */
    public void applyTo(Component component) {
        for (Setting setting : settings) {
            if (!setting.map && setting.value == null) {
                continue;
            }
            Object value = setting.map ? new LinkedHashMap<>(setting.entries) : setting.value;
            try {
                boolean bound = PropertyBindingSupport.build()
                        .withCamelContext(component.getCamelContext())
                        .withTarget(component)
                        .withConfigurer(configurer)
                        .withIgnoreCase(true)
                        .withReflection(false)
                        .withProperty(setting.option, value)
                        .bind();
                if (!bound) {
                    throw new IllegalArgumentException("The " + scheme + " component did not take " + setting.property);
                }
            } catch (PropertyBindingException | IllegalArgumentException e) {
                throw cannotBind(component, setting, e);
            }
        }
    }

    private IllegalArgumentException cannotBind(Component component, Setting setting, RuntimeException e) {
        String message = "Cannot set " + setting.property + " on the " + scheme + " component";
        if (secret(component, setting.option)) {
            // the failure's own message would carry the secret value
            return new IllegalArgumentException(message + ": the value does not fit the option (value not shown: "
                                                + "the option is secret)");
        }
        Throwable reason = e.getCause() != null ? e.getCause() : e;
        return new IllegalArgumentException(message + ": " + reason.getMessage()
                                            + " (a bean is referred to as #bean:name)", e);
    }

    /** Whether the catalog marks the option secret (or Camel's list of sensitive names has it). */
    private boolean secret(Component component, String option) {
        if (SensitiveUtils.containsSensitive(option)) {
            return true;
        }
        EndpointUriFactory uris = component.getCamelContext().getCamelContextExtension().getEndpointUriFactory(scheme);
        return uris == null || uris.secretPropertyNames().stream().anyMatch(option::equalsIgnoreCase);
    }

    private static Set<ConfigurationPropertyName> namesUnder(Environment environment, ConfigurationPropertyName root) {
        Set<ConfigurationPropertyName> names = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(root::isAncestorOf).forEach(names::add);
            }
        }
        return names;
    }

    /** The key of a map entry: the rest of the name as written (dots kept, case kept). */
    private static String keyOf(ConfigurationPropertyName name, int from) {
        StringBuilder key = new StringBuilder();
        for (int i = from; i < name.getNumberOfElements(); i++) {
            if (key.length() > 0) {
                key.append('.');
            }
            key.append(name.getElement(i, Form.ORIGINAL));
        }
        return key.toString();
    }

    /** The property as the user wrote it and where, e.g. {@code camel.component.baseten.api-kee (class path resource ...)}. */
    private static String describe(Environment environment, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null && property.getOrigin() != null) {
                return name + " (" + property.getOrigin() + ")";
            }
        }
        return name.toString();
    }

    /** One option and what was set for it. */
    private static final class Setting {
        final String option;
        final String property;
        final boolean map;
        final Map<String, String> entries = new LinkedHashMap<>();
        String value;

        Setting(String option, String property, boolean map) {
            this.option = option;
            this.property = property;
            this.map = map;
        }
    }
}
