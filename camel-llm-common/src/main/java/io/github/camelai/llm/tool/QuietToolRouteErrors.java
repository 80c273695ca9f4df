package io.github.camelai.llm.tool;

import java.util.List;

import org.apache.camel.Channel;
import org.apache.camel.ErrorHandlerFactory;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.model.errorhandler.RefErrorHandlerDefinition;
import org.apache.camel.processor.errorhandler.DefaultErrorHandler;

/**
 * A tool route's failure is the tool loop's to report: the loop tells the model and logs it once, at WARN, naming
 * the tool. Camel's default error handler would also log it at ERROR, as if the exchange had failed. For a tool
 * route that runs with the default error handler as Camel gives it (no error handler of the route's own, no logger
 * configured), that ERROR line is turned off; a route with an error handler of its own keeps it as it is.
 */
final class QuietToolRouteErrors {

    private QuietToolRouteErrors() {
    }

    /**
     * @param route     the tool route
     * @param processor the route's processor as its consumer runs it
     */
    static void apply(Route route, Processor processor) {
        if (route == null || !usesCamelsDefault(route)) {
            return;
        }
        if (processor instanceof Navigate<?> navigate) {
            walk(navigate, 0);
        }
    }

    /** The route names no error handler, and the context's is Camel's default without a logger of the user's. */
    private static boolean usesCamelsDefault(Route route) {
        if (!(route.getErrorHandlerFactory() instanceof RefErrorHandlerDefinition ref)
            || !RefErrorHandlerDefinition.DEFAULT_ERROR_HANDLER_BUILDER.equals(ref.getRef())) {
            return false;
        }
        ErrorHandlerFactory contextDefault = route.getCamelContext().getCamelContextExtension().getErrorHandlerFactory();
        return contextDefault == null || contextDefault instanceof DefaultErrorHandlerDefinition d
                                         && d.getLoggerBean() == null && d.getLoggerRef() == null && d.getLevel() == null;
    }

    private static void walk(Navigate<?> node, int depth) {
        if (depth > 64 || !node.hasNext()) {
            return;
        }
        List<?> children = node.next();
        if (children == null) {
            return;
        }
        for (Object child : children) {
            if (child instanceof Channel channel && channel.getErrorHandler() instanceof DefaultErrorHandler handler
                && handler.getLogger() != null) {
                // each default error handler built without a logger of the user's has a logger of its own
                handler.getLogger().setLevel(LoggingLevel.OFF);
            }
            if (child instanceof Navigate<?> next) {
                walk(next, depth + 1);
            }
        }
    }
}
