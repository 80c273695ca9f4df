package io.github.camelai.llm.vertx;

import io.github.camelai.llm.stream.SseBodyStream;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.RoutePolicySupport;

/**
 * On a route that starts from platform-http on Vert.x: when the exchange ends with a {@code streamOutput=sse} body,
 * wraps that body in a {@link VertxSseBody}, which platform-http then copies to the client as it does any
 * {@code InputStream}, but whose events reach the client as they are read. The HTTP response is taken when the
 * exchange begins: steps that replace the message lose the way to it.
 */
final class SseResponsePolicy extends RoutePolicySupport {

    static final String RESPONSE = SseResponsePolicy.class.getName() + ".response";

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (fromThisServer(route, exchange) && exchange.getIn() instanceof HttpMessage request) {
            exchange.setProperty(RESPONSE, request.getResponse());
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (!fromThisServer(route, exchange) || exchange.getException() != null
            || !(exchange.getMessage().getBody() instanceof SseBodyStream events)) {
            return;
        }
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        if (response != null) {
            exchange.getMessage().setBody(new VertxSseBody(events, response));
        }
    }

    /** The route's own platform-http exchange, not one passing through it from another route. */
    private static boolean fromThisServer(Route route, Exchange exchange) {
        return route.getEndpoint() instanceof PlatformHttpEndpoint && route.getRouteId().equals(exchange.getFromRouteId());
    }
}
