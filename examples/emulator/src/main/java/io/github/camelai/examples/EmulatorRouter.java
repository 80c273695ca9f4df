package io.github.camelai.examples;

import static io.github.camelai.examples.EmulatorHttp.NODES;
import static io.github.camelai.examples.EmulatorHttp.error;
import static io.github.camelai.examples.EmulatorHttp.json;
import static io.github.camelai.examples.EmulatorHttp.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.github.camelai.examples.EmulatorHttp.BadRequest;
import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;

/**
 * The emulator's one HTTP handler: records every request, checks that it carries credentials, and sends it to
 * the answers for its route. Whether a path is a Databricks one decides the error shape, so a client sees
 * errors as its real service would write them.
 */
final class EmulatorRouter implements HttpHandler {

    private static final Pattern INVOCATIONS = Pattern
            .compile("^/serving-endpoints/([^/]+)(?:/served-models/([^/]+))?/invocations$");
    private static final Pattern ASYNC_REQUEST = Pattern.compile("^/async_request/([^/]+)$");

    private final List<RecordedRequest> requests;
    private final AtomicInteger ids;
    private final OpenAiCompatibleAnswers openAi;
    private final BasetenDedicatedAnswers baseten;

    EmulatorRouter(List<RecordedRequest> requests, AtomicInteger ids, OpenAiCompatibleAnswers openAi,
                   BasetenDedicatedAnswers baseten) {
        this.requests = requests;
        this.ids = ids;
        this.openAi = openAi;
        this.baseten = baseten;
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = http.getRequestMethod();
            String path = http.getRequestURI().getPath();
            Map<String, String> headers = new LinkedHashMap<>();
            http.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            requests.add(new RecordedRequest(method, path, headers, new String(body, StandardCharsets.UTF_8)));
            boolean databricks = path.startsWith("/serving-endpoints/") || path.startsWith("/oidc/");
            try {
                route(http, method, path, headers, body, databricks);
            } catch (BadRequest e) {
                error(http, 400, databricks, "BAD_REQUEST", e.getMessage());
            } catch (IOException e) {
                // the client went away mid-answer: nothing more to say
            } catch (RuntimeException e) {
                error(http, 500, databricks, "INTERNAL_ERROR", "Emulator failure: " + e);
            }
        }
    }

    private void route(HttpExchange http, String method, String path, Map<String, String> headers, byte[] body,
                       boolean databricks) throws IOException {
        if ("POST".equals(method) && path.equals("/oidc/v1/token")) {
            oauthToken(http, headers);
            return;
        }
        String auth = headers.get("authorization");
        if (auth == null || auth.isBlank()) {
            error(http, 401, databricks, "UNAUTHENTICATED",
                    databricks ? "Credential was not sent or was of an unsupported type for this API."
                            : "Missing API key: send Authorization: Api-Key <key>");
            return;
        }
        Matcher invocation = INVOCATIONS.matcher(path);
        Matcher asyncRequest = ASYNC_REQUEST.matcher(path);
        // order matters: invocations before the generic suffixes, async_predict before predict
        if ("POST".equals(method) && invocation.matches()) {
            databricksInvocation(http, invocation.group(1), parse(body));
        } else if ("POST".equals(method) && path.endsWith("/chat/completions")) {
            openAi.chat(http, parse(body), null, true);
        } else if ("POST".equals(method) && path.endsWith("/v1/completions")) {
            openAi.completion(http, parse(body), null);
        } else if ("POST".equals(method) && path.endsWith("/v1/embeddings")) {
            openAi.embedding(http, parse(body), null);
        } else if ("POST".equals(method) && path.endsWith("/async_predict")) {
            baseten.asyncPredict(http, parse(body));
        } else if ("POST".equals(method) && path.endsWith("/predict")) {
            baseten.predict(http, parse(body));
        } else if ("GET".equals(method) && path.endsWith("/async_queue_status")) {
            baseten.queueStatus(http);
        } else if (asyncRequest.matches() && ("GET".equals(method) || "DELETE".equals(method))) {
            baseten.asyncRequest(http, method, asyncRequest.group(1));
        } else {
            error(http, 404, databricks, "RESOURCE_DOES_NOT_EXIST", "No emulated route for " + method + " " + path);
        }
    }

    /** Databricks OAuth M2M: any client credentials (HTTP Basic) get a fresh token. */
    private void oauthToken(HttpExchange http, Map<String, String> headers) throws IOException {
        String auth = headers.getOrDefault("authorization", "");
        if (!auth.startsWith("Basic ")) {
            error(http, 401, true, "UNAUTHENTICATED", "Client credentials are required (HTTP Basic)");
            return;
        }
        ObjectNode token = NODES.objectNode();
        token.put("access_token", "emulator-oauth-token-" + ids.incrementAndGet());
        token.put("token_type", "Bearer");
        token.put("expires_in", 3600);
        json(http, 200, token);
    }

    /** One Databricks route serves every task; the body's shape says which. */
    private void databricksInvocation(HttpExchange http, String endpoint, JsonNode request) throws IOException {
        if (request.has("messages")) {
            openAi.chat(http, request, endpoint, false);
        } else if (request.has("prompt")) {
            openAi.completion(http, request, endpoint);
        } else if (request.has("input")) {
            openAi.embedding(http, request, endpoint);
        } else {
            throw new BadRequest("The body has none of messages (chat), prompt (completions), input (embeddings)");
        }
    }
}
