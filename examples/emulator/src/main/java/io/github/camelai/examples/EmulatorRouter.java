package io.github.camelai.examples;

import static io.github.camelai.examples.EmulatorHttp.NODES;
import static io.github.camelai.examples.EmulatorHttp.error;
import static io.github.camelai.examples.EmulatorHttp.json;
import static io.github.camelai.examples.EmulatorHttp.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.github.camelai.examples.EmulatorHttp.BadRequest;
import io.github.camelai.examples.LocalLlmEmulator.RecordedRequest;

/**
 * The emulator's one HTTP handler: records every request, checks its credentials, and sends it to the answers for
 * its route. It refuses what the services refuse (an unknown path, a wrong key, a Baseten URL without its
 * {@code /v1}), so a route's mistake shows against the emulator before it goes live. Whether a path is a Databricks one decides the error shape, so a client sees
 * errors as its real service would write them.
 */
final class EmulatorRouter implements HttpHandler {

    private static final Pattern INVOCATIONS = Pattern
            .compile("^/serving-endpoints/([^/]+)(?:/served-models/([^/]+))?/invocations$");
    private static final Pattern ASYNC_REQUEST = Pattern.compile("^/async_request/([^/]+)$");
    /** Where a Baseten dedicated deployment is addressed, as Baseten's own hosts serve it. */
    private static final String TARGET = "/(?:production|development|environments/[A-Za-z0-9_-]+|deployment/[A-Za-z0-9_-]+)";
    /** Model APIs under {@code /v1}; a dedicated engine's OpenAI-compatible routes under {@code {target}/sync/v1}. */
    private static final Pattern OPENAI_ROUTE = Pattern
            .compile("^(?:/v1|" + TARGET + "/sync/v1)/(chat/completions|completions|embeddings)$");
    private static final Pattern DEDICATED_ROUTE = Pattern.compile("^" + TARGET + "/(predict|async_predict|async_queue_status)$");
    /** An OpenAI-style route that lost its {@code /v1}: a baseUrl configured without it. */
    private static final Pattern MISSING_V1 = Pattern.compile("^(.*?)/(chat/completions|completions|embeddings)$");

    private final List<RecordedRequest> requests;
    private final AtomicInteger ids;
    private final OpenAiCompatibleAnswers openAi;
    private final BasetenDedicatedAnswers baseten;
    private final Supplier<String> credential;
    // tokens handed out by /oidc/v1/token: they stand for the configured credential
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();

    /**
     * @param credential the one API key or token accepted (null or blank: any non-empty one); read per request so
     *                   it can be set on a running emulator
     */
    EmulatorRouter(List<RecordedRequest> requests, AtomicInteger ids, OpenAiCompatibleAnswers openAi,
                   BasetenDedicatedAnswers baseten, Supplier<String> credential) {
        this.requests = requests;
        this.ids = ids;
        this.openAi = openAi;
        this.baseten = baseten;
        this.credential = credential;
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
        if (!accepted(auth)) {
            // as the services do: the same answer for a wrong key and a malformed header, and the key not echoed
            error(http, 401, databricks, "UNAUTHENTICATED",
                    databricks ? "Invalid access token (the emulator accepts only the token it was started with)."
                            : "Invalid API key (the emulator accepts only the key it was started with)");
            return;
        }
        Matcher invocation = INVOCATIONS.matcher(path);
        Matcher asyncRequest = ASYNC_REQUEST.matcher(path);
        Matcher openAiRoute = OPENAI_ROUTE.matcher(path);
        Matcher dedicated = DEDICATED_ROUTE.matcher(path);
        if ("POST".equals(method) && invocation.matches()) {
            databricksInvocation(http, invocation.group(1), parse(body));
        } else if ("POST".equals(method) && openAiRoute.matches()) {
            switch (openAiRoute.group(1)) {
                case "chat/completions" -> openAi.chat(http, parse(body), null, true);
                case "completions" -> openAi.completion(http, parse(body), null);
                default -> openAi.embedding(http, parse(body), null);
            }
        } else if ("POST".equals(method) && dedicated.matches() && "async_predict".equals(dedicated.group(1))) {
            baseten.asyncPredict(http, parse(body));
        } else if ("POST".equals(method) && dedicated.matches() && "predict".equals(dedicated.group(1))) {
            baseten.predict(http, parse(body));
        } else if ("GET".equals(method) && dedicated.matches() && "async_queue_status".equals(dedicated.group(1))) {
            baseten.queueStatus(http);
        } else if (asyncRequest.matches() && ("GET".equals(method) || "DELETE".equals(method))) {
            baseten.asyncRequest(http, method, asyncRequest.group(1));
        } else {
            notFound(http, method, path, databricks);
        }
    }

    /** 404, saying what the path probably meant when it is a known route with a piece missing. */
    private static void notFound(HttpExchange http, String method, String path, boolean databricks) throws IOException {
        Matcher missingV1 = MISSING_V1.matcher(path);
        String hint = "";
        if (!databricks && missingV1.matches()) {
            String prefix = missingV1.group(1);
            if (prefix.endsWith("/sync") || prefix.matches(TARGET)) {
                String target = prefix.endsWith("/sync") ? prefix.substring(0, prefix.length() - "/sync".length()) : prefix;
                hint = ": a dedicated deployment's OpenAI-compatible routes are under {target}/sync/v1 (this call would be "
                       + target + "/sync/v1/" + missingV1.group(2) + ")";
            } else if (!prefix.matches(".*/v[0-9]+")) {
                hint = ": Baseten's OpenAI-compatible routes are under /v1, so a baseUrl ends with /v1 (this call would be "
                       + prefix + "/v1/" + missingV1.group(2) + ")";
            }
        }
        error(http, 404, databricks, "RESOURCE_DOES_NOT_EXIST", "No route for " + method + " " + path + hint);
    }

    /** Whether an Authorization header carries the configured credential (any credential when none is). */
    private boolean accepted(String auth) {
        String expected = credential.get();
        if (expected == null || expected.isBlank()) {
            return true;
        }
        int space = auth.indexOf(' ');
        String scheme = space < 0 ? "" : auth.substring(0, space);
        String value = space < 0 ? "" : auth.substring(space + 1).trim();
        if ("Bearer".equalsIgnoreCase(scheme) && issuedTokens.contains(value)) {
            return true;
        }
        return ("Bearer".equalsIgnoreCase(scheme) || "Api-Key".equalsIgnoreCase(scheme)) && expected.equals(value);
    }

    /**
     * Databricks OAuth M2M: client credentials (HTTP Basic) get a fresh token; any, or only those with the configured
     * credential as their secret.
     */
    private void oauthToken(HttpExchange http, Map<String, String> headers) throws IOException {
        String auth = headers.getOrDefault("authorization", "");
        if (!auth.startsWith("Basic ")) {
            error(http, 401, true, "UNAUTHENTICATED", "Client credentials are required (HTTP Basic)");
            return;
        }
        String expected = credential.get();
        if (expected != null && !expected.isBlank() && !expected.equals(clientSecret(auth))) {
            error(http, 401, true, "UNAUTHENTICATED",
                    "Invalid client credentials (the emulator accepts only the secret it was started with)");
            return;
        }
        String issued = "emulator-oauth-token-" + ids.incrementAndGet();
        issuedTokens.add(issued);
        ObjectNode token = NODES.objectNode();
        token.put("access_token", issued);
        token.put("token_type", "Bearer");
        token.put("expires_in", 3600);
        json(http, 200, token);
    }

    /** The secret half of HTTP Basic client credentials, null when they do not decode. */
    private static String clientSecret(String basicAuth) {
        try {
            String decoded = new String(Base64.getDecoder().decode(basicAuth.substring("Basic ".length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
