package io.github.camelai.llm.springboot.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.util.StringHelper;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Writes a starter's {@code META-INF/spring-configuration-metadata.json} (what an IDE completes and explains in
 * {@code application.properties}) from the catalog the component jar carries, the file Camel's tooling writes from
 * the options' {@code @UriParam} descriptions. Run in the starter's build, so the IDE and the catalog say the same
 * thing and an option added to the component appears with no change to the starter.
 * <p>
 * Arguments: the component's scheme, the directory to write {@code META-INF/...} under, the class named as the
 * properties' source (the starter's auto-configuration).
 */
public final class ConfigurationMetadataGenerator {

    private static final String COMPONENT_SERVICES = "META-INF/services/org/apache/camel/component/";

    private ConfigurationMetadataGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: ConfigurationMetadataGenerator <scheme> <outputDirectory> <sourceType>");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String json = metadata(args[0], catalog(loader, args[0]), args[2]);
        Path file = Path.of(args[1], "META-INF", "spring-configuration-metadata.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /** The component's catalog JSON: beside its class, as {@code META-INF/<package path>/<scheme>.json}. */
    public static JsonObject catalog(ClassLoader loader, String scheme) throws IOException {
        Properties service = new Properties();
        try (InputStream in = open(loader, COMPONENT_SERVICES + scheme)) {
            service.load(in);
        }
        String type = service.getProperty("class");
        String path = "META-INF/" + type.substring(0, type.lastIndexOf('.')).replace('.', '/') + "/" + scheme + ".json";
        try (InputStream in = open(loader, path)) {
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (org.apache.camel.util.json.DeserializationException e) {
            throw new IllegalStateException("The catalog " + path + " is not JSON", e);
        }
    }

    /** The Spring Boot property name of a component option, e.g. {@code camel.component.baseten.api-key}. */
    public static String propertyName(String scheme, String option) {
        return "camel.component." + scheme + "." + StringHelper.camelCaseToDash(option);
    }

    static String metadata(String scheme, JsonObject catalog, String sourceType) {
        String prefix = "camel.component." + scheme;
        JsonObject component = (JsonObject) catalog.get("component");
        String componentType = component.getString("javaType");
        String title = component.getString("title");

        List<JsonObject> properties = new ArrayList<>();
        List<JsonObject> hints = new ArrayList<>();
        properties.add(property(prefix + ".enabled", "java.lang.Boolean", sourceType,
                "Whether the starter configures the " + title + " component (" + scheme + ") from these properties. "
                + "When false, none of them is set. This is enabled by default.", true));
        properties.add(property(prefix + ".customizer.enabled", "java.lang.Boolean", sourceType,
                "Whether the starter's customizer sets these properties on the " + scheme + " component; "
                + "camel.component.customizer.enabled switches every starter's off at once.", null));

        Map<String, Object> options = new TreeMap<>((JsonObject) catalog.get("componentProperties"));
        for (Map.Entry<String, Object> e : options.entrySet()) {
            JsonObject option = (JsonObject) e.getValue();
            String name = propertyName(scheme, e.getKey());
            JsonObject p = property(name, springType(option), sourceType, description(option),
                    defaultValue(option));
            if (Boolean.TRUE.equals(option.getBoolean("deprecated"))) {
                p.put("deprecated", true);
            }
            properties.add(p);
            JsonArray values = (JsonArray) option.get("enum");
            if (values != null) {
                JsonArray hintValues = new JsonArray();
                values.forEach(v -> hintValues.add(new JsonObject(Map.of("value", v))));
                JsonObject hint = new JsonObject();
                hint.put("name", name);
                hint.put("values", hintValues);
                hints.add(hint);
            }
        }

        JsonObject group = new JsonObject();
        group.put("name", prefix);
        group.put("type", componentType);
        group.put("description", component.getString("description"));
        group.put("sourceType", sourceType);

        JsonObject root = new JsonObject();
        root.put("groups", new JsonArray(List.of(group)));
        root.put("properties", new JsonArray(properties));
        root.put("hints", new JsonArray(hints));
        return Jsoner.prettyPrint(root.toJson(), 2) + "\n";
    }

    private static JsonObject property(String name, String type, String sourceType, String description,
            Object defaultValue) {
        // insertion order is the order the file shows
        JsonObject p = new JsonObject(new java.util.LinkedHashMap<>());
        p.put("name", name);
        p.put("type", type);
        p.put("description", description);
        p.put("sourceType", sourceType);
        if (defaultValue != null) {
            p.put("defaultValue", defaultValue);
        }
        return p;
    }

    /** Boxed types as Spring's own processor writes them; durations as {@code Duration} (10000 and 10s both bind). */
    private static String springType(JsonObject option) {
        String javaType = option.getString("javaType");
        if ("duration".equals(option.getString("type"))) {
            return "java.time.Duration";
        }
        return switch (javaType) {
            case "boolean" -> "java.lang.Boolean";
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            case "double" -> "java.lang.Double";
            case "float" -> "java.lang.Float";
            default -> javaType.replace(", ", ",");
        };
    }

    private static String description(JsonObject option) {
        String description = option.getString("description");
        if ("object".equals(option.getString("type")) && !option.getString("javaType").startsWith("java.util.Map")) {
            return description + " Set as #bean:name, the name of a bean of type " + option.getString("javaType") + ".";
        }
        if (option.getString("prefix") != null) {
            return description + " One property per entry: " + "<this property>.<key>=<value>.";
        }
        return description;
    }

    private static Object defaultValue(JsonObject option) {
        Object value = option.get("defaultValue");
        if (value == null) {
            return null;
        }
        return switch (option.getString("type")) {
            case "boolean" -> Boolean.valueOf(value.toString());
            case "integer" -> value instanceof Number ? value : Long.valueOf(value.toString());
            default -> value instanceof String ? value : value.toString();
        };
    }

    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResource(resource) == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("No " + resource + " on the class path: is the component a dependency of the starter?");
        }
        return in;
    }
}
