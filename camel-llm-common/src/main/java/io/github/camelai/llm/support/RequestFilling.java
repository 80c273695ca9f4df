package io.github.camelai.llm.support;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.model.JsonExtensible;
import io.github.camelai.llm.support.GenerationParameter.Api;

/**
 * Fills a request from the options, driven by {@link GenerationParameter}: every field the request left unset gets
 * the option's value; what the request (the body) set wins. A field the wire model has no property for is written
 * as an extra JSON field, so a new parameter needs no change to the model.
 */
public final class RequestFilling {

    /** {@code values()} clones the array on every call; this runs for every request. */
    private static final GenerationParameter[] PARAMETERS = GenerationParameter.values();

    /** The model's properties by JSON name, with a getter and a setter, per class. */
    private static final ClassValue<Map<String, BeanPropertyDefinition>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Map<String, BeanPropertyDefinition> computeValue(Class<?> type) {
            BeanDescription bean = LlmJson.MAPPER.getDeserializationConfig()
                    .introspect(LlmJson.MAPPER.constructType(type));
            Map<String, BeanPropertyDefinition> byName = new HashMap<>();
            for (BeanPropertyDefinition p : bean.findProperties()) {
                if (p.hasGetter() && p.hasSetter()) {
                    byName.put(p.getName(), p);
                }
            }
            return byName;
        }
    };

    private RequestFilling() {
    }

    /** Fills the fields of a wire-model request that {@code api} takes and the request left unset. */
    public static void fill(JsonExtensible req, RequestOptions o, Api api) {
        for (GenerationParameter p : PARAMETERS) {
            String field = p.field(api);
            Object value = field == null ? null : o.get(p);
            if (value != null && get(req, field) == null) {
                set(req, field, value);
            }
        }
    }

    /**
     * Fills a request built as JSON: the top-level fields first, then the {@code additionalBodyProperty} fields the
     * request does not have, then the nested fields ({@code text.format}, {@code reasoning.effort}), so that e.g.
     * {@code additionalBodyProperty.reasoning={"summary":"auto"}} is merged with {@code reasoningEffort}.
     *
     * @param convert turns an option's value into the JSON the API wants where it differs from chat's shape
     *                ({@code tools}, {@code tool_choice}); {@code null} to write values as they are
     */
    public static void fill(ObjectNode req, RequestOptions o, Api api,
                            BiFunction<GenerationParameter, Object, JsonNode> convert) {
        for (GenerationParameter p : PARAMETERS) {
            String field = p.field(api);
            if (field != null && field.indexOf('.') < 0 && o.get(p) != null && !req.hasNonNull(field)) {
                req.set(field, json(p, o.get(p), convert));
            }
        }
        o.additional().forEach((k, v) -> {
            if (!req.has(k)) {
                // a copy: the options' parsed values are shared by every exchange, and nested fields get filled in
                req.set(k, v instanceof JsonNode n ? n.deepCopy() : LlmJson.MAPPER.valueToTree(v));
            }
        });
        for (GenerationParameter p : PARAMETERS) {
            String field = p.field(api);
            if (field != null && field.indexOf('.') > 0 && o.get(p) != null) {
                ObjectNode parent = req;
                String[] path = field.split("\\.");
                for (int i = 0; i < path.length - 1; i++) {
                    parent = parent.get(path[i]) instanceof ObjectNode child ? child : parent.putObject(path[i]);
                }
                String leaf = path[path.length - 1];
                if (!parent.hasNonNull(leaf)) {
                    parent.set(leaf, json(p, o.get(p), convert));
                }
            }
        }
    }

    private static JsonNode json(GenerationParameter p, Object value, BiFunction<GenerationParameter, Object, JsonNode> convert) {
        JsonNode converted = convert == null ? null : convert.apply(p, value);
        return converted != null ? converted : LlmJson.MAPPER.valueToTree(value);
    }

    /** A field of a wire-model object by its JSON name: its property, else the extra field of that name. */
    static Object get(JsonExtensible req, String field) {
        BeanPropertyDefinition p = PROPERTIES.get(req.getClass()).get(field);
        return p != null ? p.getGetter().getValue(req) : req.getAdditionalProperty(field);
    }

    static void set(JsonExtensible req, String field, Object value) {
        BeanPropertyDefinition p = PROPERTIES.get(req.getClass()).get(field);
        if (p == null) {
            req.setAdditionalProperty(field, value);
            return;
        }
        AnnotatedMember setter = p.getSetter();
        setter.setValue(req, value);
    }
}
