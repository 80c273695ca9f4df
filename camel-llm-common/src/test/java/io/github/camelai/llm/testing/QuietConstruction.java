package io.github.camelai.llm.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.apache.camel.Component;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultComponent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel Quarkus creates components at static init, where a thread or a connection pool must not exist yet (a
 * native image cannot hold one, and in JVM mode it would outlive a failed start). This checks that creating a
 * component, giving it a context and initializing it starts no thread and leaves every resource-typed field
 * empty: the HTTP transport and the worker pool come on first use.
 */
public final class QuietConstruction {

    /** Field types that mean a live resource: threads, pools, HTTP clients, anything to close. */
    private static final List<Class<?>> RESOURCES = List.of(Thread.class, ExecutorService.class, AutoCloseable.class,
            java.net.http.HttpClient.class, java.util.Timer.class);

    private QuietConstruction() {
    }

    public static void assertQuiet(Supplier<? extends Component> factory) throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Component component = factory.get();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            component.setCamelContext(context);
            component.init();
            List<String> started = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && t.isAlive()) {
                    started.add(t.getName());
                }
            }
            assertEquals(List.of(), started, component.getClass().getSimpleName()
                                             + " started threads before it was started itself");
            List<String> live = liveResources(component);
            assertTrue(live.isEmpty(), component.getClass().getSimpleName()
                                       + " holds resources before it is started (create them in doStart or on first use): " + live);
        }
    }

    private static List<String> liveResources(Object component) throws IllegalAccessException {
        List<String> live = new ArrayList<>();
        for (Class<?> c = component.getClass(); c != DefaultComponent.class && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                Object value = f.get(Modifier.isStatic(f.getModifiers()) ? null : component);
                if (value != null && RESOURCES.stream().anyMatch(r -> r.isInstance(value))) {
                    live.add(c.getSimpleName() + "." + f.getName() + " = " + value.getClass().getName());
                }
            }
        }
        return live;
    }
}
