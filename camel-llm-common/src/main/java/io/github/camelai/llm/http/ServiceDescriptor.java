package io.github.camelai.llm.http;

import java.util.List;
import java.util.function.Function;

/**
 * What a component tells the shared HTTP client about its service: the name errors carry and the response
 * headers that hold the service's request id (the first one present wins).
 *
 * @param name             the service's name in exceptions and logs
 * @param requestIdHeaders response header names, in order of preference
 */
public record ServiceDescriptor(String name, List<String> requestIdHeaders) {

    /** The OpenAI-style request id header. */
    public static final String REQUEST_ID = "x-request-id";

    public ServiceDescriptor {
        requestIdHeaders = List.copyOf(requestIdHeaders);
    }

    /** A service that reports its request id in {@value #REQUEST_ID}. */
    public static ServiceDescriptor named(String name) {
        return new ServiceDescriptor(name, List.of(REQUEST_ID));
    }

    /** The request id of an answer, read through {@code headers}; {@code null} when it has none. */
    public String requestId(Function<String, String> headers) {
        for (String name : requestIdHeaders) {
            String id = headers.apply(name);
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}
