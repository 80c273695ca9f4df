package io.github.camelai.llm.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Bodies that carry several texts. A route rarely builds a {@code List<String>} itself: the YAML DSL's
 * {@code ${body.split(',')}} gives a {@code String[]}, a splitter's aggregation a {@code Collection}, a data format an
 * {@code Iterable}. Every operation that takes a list of texts accepts them all through this class, and names types in
 * error messages as people write them ({@code String[]}, not {@code [Ljava.lang.String;}).
 */
public final class BodyTexts {

    private static final List<Class<?>> PUBLIC_FACES = List.of(List.class, java.util.Set.class, Map.class,
            Collection.class, Iterable.class, java.util.Iterator.class, CharSequence.class);

    private BodyTexts() {
    }

    /**
     * The items of an array, a {@link Collection} or an {@link Iterable} body, in order; {@code null} when the body is
     * none of these. A {@link Map} is not a list of texts, and neither is a {@link Path} (which is an
     * {@code Iterable} of its name elements).
     */
    public static List<?> items(Object body) {
        if (body instanceof List<?> list) {
            return list;
        }
        if (body instanceof Object[] array) {
            return java.util.Arrays.asList(array);
        }
        if (body instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (body instanceof Iterable<?> it && !(body instanceof Path)) {
            List<Object> out = new ArrayList<>();
            it.forEach(out::add);
            return out;
        }
        return null;
    }

    /**
     * The texts of an array, {@code Collection} or {@code Iterable} of {@code CharSequence}s, or {@code null} when the
     * body is none of these. An empty list, or an item that is not text (or is empty, unless {@code allowEmpty}),
     * fails with a message naming the item and its type.
     */
    public static List<String> texts(Object body, String operation, boolean allowEmpty) {
        List<?> items = items(body);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("The " + operation + " input is an empty " + typeName(body)
                                               + ": send at least one String");
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof CharSequence s)) {
                throw new IllegalArgumentException("Item " + i + " of the " + operation + " input is "
                                                   + (item == null ? "null" : "of type " + typeName(item))
                                                   + "; every item must be a String");
            }
            if (!allowEmpty && s.length() == 0) {
                throw new IllegalArgumentException("Item " + i + " of the " + operation + " input is an empty String");
            }
            out.add(s.toString());
        }
        return out;
    }

    /**
     * A value's type as people write it: {@code String[]}, {@code ArrayList}, {@code byte[]}; the simple name for
     * the JDK's {@code java.*} types, the full name for any other.
     */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        return typeName(value.getClass());
    }

    /** A type as people write it; see {@link #typeName(Object)}. */
    public static String typeName(Class<?> type) {
        if (type.isArray()) {
            return typeName(type.getComponentType()) + "[]";
        }
        if (type.isPrimitive()) {
            return type.getName();
        }
        if (type.getName().startsWith("java.")) {
            if (!java.lang.reflect.Modifier.isPublic(type.getModifiers()) || type.getSimpleName().isEmpty()) {
                // List.of(...), Arrays.asList(...) and the like are hidden classes: name what they are
                for (Class<?> known : PUBLIC_FACES) {
                    if (known.isAssignableFrom(type)) {
                        return known.getSimpleName();
                    }
                }
            }
            return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
        }
        return type.getName();
    }
}
