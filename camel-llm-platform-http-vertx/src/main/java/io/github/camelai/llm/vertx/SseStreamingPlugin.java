package io.github.camelai.llm.vertx;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ContextServicePlugin;

/**
 * Loaded by every Camel context that has this jar on its classpath ({@code META-INF/services}), before its routes
 * are built: adds the route policy that hands a {@code streamOutput=sse} body to Vert.x platform-http event by
 * event. A route needs no step for it.
 */
public final class SseStreamingPlugin implements ContextServicePlugin {

    @Override
    public void load(CamelContext context) {
        context.addRoutePolicyFactory((camelContext, routeId, route) -> new SseResponsePolicy());
    }
}
