package io.github.camelai.component.baseten;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasetenTargetTest {

    private static final String HOST = "https://model-abcd1234.api.baseten.co";

    // ---- fromModelUrl: every accepted form ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // documented path-style targets, each with every operation suffix
            HOST + "/environments/production/predict,           " + HOST + "/environments/production",
            HOST + "/environments/staging/predict,              " + HOST + "/environments/staging",
            HOST + "/environments/my_env-2/predict,             " + HOST + "/environments/my_env-2",
            HOST + "/production/predict,                        " + HOST + "/production",
            HOST + "/development/predict,                       " + HOST + "/development",
            HOST + "/deployment/q1w2e3r/predict,                " + HOST + "/deployment/q1w2e3r",
            HOST + "/environments/production/sync,              " + HOST + "/environments/production",
            HOST + "/environments/production/sync/v1,           " + HOST + "/environments/production",
            HOST + "/environments/production/async_predict,     " + HOST + "/environments/production",
            HOST + "/production/sync,                           " + HOST + "/production",
            HOST + "/development/sync/v1,                       " + HOST + "/development",
            HOST + "/deployment/q1w2e3r/async_predict,          " + HOST + "/deployment/q1w2e3r",
            HOST + "/deployment/q1w2e3r/sync/v1,                " + HOST + "/deployment/q1w2e3r",
            // every ending a user can copy from Baseten's pages: the operation, not the URL, decides the path
            HOST + "/environments/production/sync/v1/chat/completions, " + HOST + "/environments/production",
            HOST + "/environments/staging/sync/v1/completions,  " + HOST + "/environments/staging",
            HOST + "/production/sync/v1/embeddings,             " + HOST + "/production",
            HOST + "/development/sync/rerank,                   " + HOST + "/development",
            HOST + "/deployment/q1w2e3r/sync/predict,           " + HOST + "/deployment/q1w2e3r",
            HOST + "/development/async_predict,                 " + HOST + "/development",
            HOST + "/production/sync/v1/chat/completions/,      " + HOST + "/production",
            // anything under sync/v1 (the engine's OpenAI-compatible routes), trailing slash or not
            HOST + "/environments/production/sync/v1/models,    " + HOST + "/environments/production",
            HOST + "/environments/production/sync/v1/models/,   " + HOST + "/environments/production",
            HOST + "/development/sync/v1/models/my-llm,         " + HOST + "/development",
            HOST + "/deployment/q1w2e3r/sync/v1/embeddings/,    " + HOST + "/deployment/q1w2e3r",
            HOST + "/production/sync/v1/responses,              " + HOST + "/production",
            HOST + "/production/sync/v1/predict,                " + HOST + "/production",
            "https://model-abcd1234-staging.api.baseten.co/sync/v1/models, https://model-abcd1234-staging.api.baseten.co",
            "http://localhost:8089/some/prefix/sync/v1/models,  http://localhost:8089/some/prefix",
            // the last sync/v1 is the operation's: an earlier one is part of a stand-in's root
            "http://localhost:8089/sync/v1/x/sync/v1/models,    http://localhost:8089/sync/v1/x",
            "https://model-abcd1234-staging.api.baseten.co/sync/predict, https://model-abcd1234-staging.api.baseten.co",
            "https://model-abcd1234-staging.api.baseten.co/sync/v1/embeddings, https://model-abcd1234-staging.api.baseten.co",
            "http://localhost:8089/some/prefix/sync/rerank,     http://localhost:8089/some/prefix",
            // the bare target root
            HOST + "/environments/production,                   " + HOST + "/environments/production",
            HOST + "/production,                                " + HOST + "/production",
            HOST + "/deployment/q1w2e3r,                        " + HOST + "/deployment/q1w2e3r",
            // trailing and doubled slashes
            HOST + "/environments/production/predict/,          " + HOST + "/environments/production",
            HOST + "/environments/production/sync/v1///,        " + HOST + "/environments/production",
            HOST + "//environments//production//predict,        " + HOST + "/environments/production",
            HOST + "/production/,                               " + HOST + "/production",
            // regional hosts: the environment is in the host, the root is scheme+host
            "https://model-abcd1234-staging.api.baseten.co/predict,     https://model-abcd1234-staging.api.baseten.co",
            "https://model-abcd1234-staging.api.baseten.co/sync/v1,     https://model-abcd1234-staging.api.baseten.co",
            "https://model-abcd1234-staging.api.baseten.co/async_predict, https://model-abcd1234-staging.api.baseten.co",
            "https://model-abcd1234-eu-west.api.baseten.co/predict/,    https://model-abcd1234-eu-west.api.baseten.co",
            "https://model-abcd1234-staging.api.baseten.co,             https://model-abcd1234-staging.api.baseten.co",
            // local stand-in servers (WireMock): any path, minus the final operation segment
            "http://localhost:8089/predict,                                   http://localhost:8089",
            "http://localhost:8089,                                           http://localhost:8089",
            "http://localhost:8089/,                                          http://localhost:8089",
            "http://localhost:8089/environments/production/predict,           http://localhost:8089/environments/production",
            "http://localhost:8089/some/prefix/async_predict,                 http://localhost:8089/some/prefix",
            "http://localhost:8089/some/prefix/sync,                          http://localhost:8089/some/prefix",
            "http://localhost:8089/some/prefix/sync/v1/,                      http://localhost:8089/some/prefix",
            "http://127.0.0.1:8089/model,                                     http://127.0.0.1:8089/model",
            "http://[::1]:8089/predict,                                       http://[::1]:8089",
            "https://proxy.example.com:8443/baseten/production/predict,       https://proxy.example.com:8443/baseten/production",
            // only the final /predict is an operation: an earlier one is part of the root
            "http://localhost:8089/predict/environments/production/predict,   http://localhost:8089/predict/environments/production",
            "http://localhost:8089/predict/x,                                 http://localhost:8089/predict/x",
            "http://localhost:8089/predict/predict,                           http://localhost:8089/predict",
            "http://localhost:8089/mypredict,                                 http://localhost:8089/mypredict",
            // scheme case and surrounding blanks do not matter
            "HTTPS://model-abcd1234.api.baseten.co/production/predict,        " + HOST + "/production",
            "'  " + HOST + "/production/predict  ',                            " + HOST + "/production",
    })
    void modelUrlFormsNormalizeToTheTargetRoot(String modelUrl, String expectedRoot) {
        BasetenTarget target = BasetenTarget.fromModelUrl(modelUrl);

        assertTrue(target.isDedicated());
        assertEquals(expectedRoot, target.targetRoot());
        assertEquals(expectedRoot, target.toString());
        assertEquals(expectedRoot + "/predict", target.predictUrl());
        assertEquals(expectedRoot + "/sync/v1/chat/completions", target.chatCompletionsUrl());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            HOST + "/environments/production/predict,                  " + HOST + "/async_request/r1",
            HOST + "/deployment/q1w2e3r/async_predict,                 " + HOST + "/async_request/r1",
            "https://model-abcd1234-staging.api.baseten.co/predict,    https://model-abcd1234-staging.api.baseten.co/async_request/r1",
            "http://localhost:8089/some/prefix/environments/production/predict, http://localhost:8089/async_request/r1",
            "http://[::1]:8089/predict,                                http://[::1]:8089/async_request/r1",
            "https://proxy.example.com:8443/baseten/production,        https://proxy.example.com:8443/async_request/r1",
    })
    void asyncRequestUrlUsesSchemeAndHostOnly(String modelUrl, String expected) {
        assertEquals(expected, BasetenTarget.fromModelUrl(modelUrl).asyncRequestUrl("r1"));
    }

    @Test
    void everyDedicatedUrlHangsOffTheRoot() {
        BasetenTarget target = BasetenTarget.fromModelUrl("http://localhost:8089/environments/staging/predict");
        String root = "http://localhost:8089/environments/staging";

        assertEquals(root, target.targetRoot());
        assertEquals(root + "/sync/v1/chat/completions", target.chatCompletionsUrl());
        assertEquals(root + "/sync/v1/chat/completions", target.syncV1Url("chat/completions"));
        assertEquals(root + "/sync/v1/completions", target.syncV1Url("completions"));
        assertEquals(root + "/sync/v1/embeddings", target.syncV1Url("embeddings"));
        assertEquals(root + "/sync/v1/embeddings", target.syncV1Url("/embeddings"));
        assertEquals(root + "/sync/v1/models", target.syncV1Url("models"));
        assertEquals(root + "/sync/rerank", target.rerankUrl());
        assertEquals(root + "/sync/predict", target.classifyUrl());
        assertEquals(root + "/predict", target.predictUrl());
        assertEquals(root + "/async_predict", target.asyncPredictUrl());
        assertEquals(root + "/async_queue_status", target.asyncQueueStatusUrl());
        assertEquals("http://localhost:8089/async_request/abc_DEF-123", target.asyncRequestUrl("abc_DEF-123"));
    }

    // ---- fromModelUrl: rejections ----

    static Stream<Arguments> rejectedModelUrls() {
        return Stream.of(
                Arguments.of("ftp://model-abcd1234.api.baseten.co/production/predict", "http or https"),
                Arguments.of("file:///etc/passwd", "http or https"),
                Arguments.of("model-abcd1234.api.baseten.co/production/predict", "http or https"),
                Arguments.of("javascript:alert(1)", "http or https"),
                Arguments.of("https://user:hunter2@model-abcd1234.api.baseten.co/production/predict", "user info"),
                Arguments.of("https://evil.com@model-abcd1234.api.baseten.co/production/predict", "user info"),
                Arguments.of(HOST + "/production/predict?api_key=hunter2", "query string"),
                Arguments.of(HOST + "/production/predict?", "query string"),
                Arguments.of(HOST + "/production/predict#hunter2", "fragment"),
                Arguments.of("https:///production/predict", "host"),
                Arguments.of("http://bad host/predict", "not a valid URL"),
                Arguments.of("http://localhost:8089/a/../predict", "'.' or '..'"),
                Arguments.of("http://localhost:8089/./predict", "'.' or '..'"),
                Arguments.of("http://localhost:8089/%2e%2e/predict", "'.' or '..'"),
                Arguments.of("http://model-abcd1234.api.baseten.co/production/predict", "must use https"),
                Arguments.of(HOST + "/predict", "does not name a deployment target"),
                Arguments.of(HOST, "does not name a deployment target"),
                Arguments.of(HOST + "/enviroments/production/predict", "does not name a deployment target"),
                Arguments.of(HOST + "/environments/predict", "does not name a deployment target"),
                Arguments.of(HOST + "/environments/production/sync/v2", "does not name a deployment target"),
                Arguments.of(HOST + "/environments/production/sync/v1beta", "does not name a deployment target"),
                Arguments.of(HOST + "/environments/production/v1/models", "does not name a deployment target"),
                Arguments.of(HOST + "/sync/v1/models", "does not name a deployment target"),
                Arguments.of(HOST + "/environments/sync/v1", "does not name a deployment target"),
                Arguments.of(HOST + "/staging/predict", "does not name a deployment target"),
                Arguments.of("https://model-abcd1234-staging.api.baseten.co/production/predict", "regional host"),
                Arguments.of("https://model-abcd1234-staging.api.baseten.co/environments/staging/predict",
                        "regional host"),
                Arguments.of("https://inference.baseten.co/v1", "Model APIs"),
                Arguments.of("https://app.baseten.co/models/abcd1234/overview", "web page"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedModelUrls")
    void badModelUrlsAreRejectedWithTheAcceptedForms(String modelUrl, String reason) {
        IllegalArgumentException e
                = assertThrows(IllegalArgumentException.class, () -> BasetenTarget.fromModelUrl(modelUrl));

        assertTrue(e.getMessage().contains(reason), e.getMessage());
        if (!reason.equals("'.' or '..'")) {
            assertTrue(e.getMessage().contains("accepted forms"), e.getMessage());
            assertTrue(e.getMessage().contains("environments/{env}"), e.getMessage());
        }
        assertFalse(e.getMessage().contains("hunter2"), "credentials echoed: " + e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   " })
    void missingModelUrlIsRejected(String modelUrl) {
        IllegalArgumentException e
                = assertThrows(IllegalArgumentException.class, () -> BasetenTarget.fromModelUrl(modelUrl));
        assertTrue(e.getMessage().contains("modelUrl is required"), e.getMessage());
    }

    // ---- dedicated(modelId, environment, deploymentId) ----

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource(value = {
            "abcd1234, NULL,       NULL,    " + HOST + "/environments/production",
            "abcd1234, '',         '',      " + HOST + "/environments/production",
            "abcd1234, '  ',       '  ',    " + HOST + "/environments/production",
            "abcd1234, staging,    NULL,    " + HOST + "/environments/staging",
            "abcd1234, my_env-2,   NULL,    " + HOST + "/environments/my_env-2",
            "abcd1234, NULL,       q1w2e3r, " + HOST + "/deployment/q1w2e3r",
            "abcd1234, staging,    q1w2e3r, " + HOST + "/deployment/q1w2e3r",
            "abcd1234, development, NULL,   " + HOST + "/development",
            "abcd1234, ' development ', NULL, " + HOST + "/development",
            "abcd1234, development, q1w2e3r, " + HOST + "/deployment/q1w2e3r",
            "ABCD1234, NULL,       NULL,    https://model-ABCD1234.api.baseten.co/environments/production",
    }, nullValues = "NULL")
    void dedicatedByModelId(String modelId, String environment, String deploymentId, String expectedRoot) {
        BasetenTarget target = BasetenTarget.dedicated(modelId, environment, deploymentId);

        assertTrue(target.isDedicated());
        assertEquals(expectedRoot, target.targetRoot());
        assertEquals(expectedRoot, target.toString());
        assertEquals(expectedRoot + "/sync/v1/chat/completions", target.chatCompletionsUrl());
        assertEquals(expectedRoot + "/sync/v1/embeddings", target.syncV1Url("embeddings"));
        assertEquals(expectedRoot + "/sync/rerank", target.rerankUrl());
        assertEquals(expectedRoot + "/sync/predict", target.classifyUrl());
        assertEquals(expectedRoot + "/predict", target.predictUrl());
        assertEquals(expectedRoot + "/async_predict", target.asyncPredictUrl());
        assertEquals(expectedRoot + "/async_queue_status", target.asyncQueueStatusUrl());
        String host = expectedRoot.substring(0, expectedRoot.indexOf(".co/") + 3);
        assertEquals(host + "/async_request/r-1", target.asyncRequestUrl("r-1"));
    }

    @Test
    void dedicatedAndEquivalentModelUrlAreEqual() {
        BasetenTarget byId = BasetenTarget.dedicated("abcd1234", null, null);
        BasetenTarget byUrl = BasetenTarget.fromModelUrl(HOST + "/environments/production/predict");

        assertEquals(byId, byUrl);
        assertEquals(byId.hashCode(), byUrl.hashCode());
        assertNotEquals(byId, BasetenTarget.dedicated("abcd1234", "staging", null));
        assertNotEquals(byId, BasetenTarget.modelApis(null));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(value = {
            "modelId,      abcd/1234",
            "modelId,      abc-1234",
            "modelId,      abc_1234",
            "modelId,      abcd1234.evil.com",
            "modelId,      abcd?x=1",
            "modelId,      abcd#x",
            "modelId,      evil.com@abcd",
            "environment,  prod/../x",
            "environment,  prod?x=1",
            "environment,  prod#x",
            "environment,  a@b",
            "environment,  a b",
            "environment,  a.b",
            "deploymentId, q1/w2",
            "deploymentId, q1?x",
            "deploymentId, q1#x",
            "deploymentId, q1@evil.com",
            "deploymentId, %2e%2e",
    })
    void dedicatedRejectsValuesThatWouldChangeTheUrl(String option, String value) {
        Consumer<String> build = switch (option) {
            case "modelId" -> v -> BasetenTarget.dedicated(v, null, null);
            case "environment" -> v -> BasetenTarget.dedicated("abcd1234", v, null);
            default -> v -> BasetenTarget.dedicated("abcd1234", "production", v);
        };

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build.accept(value));

        assertTrue(e.getMessage().contains(option), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " " })
    void dedicatedNeedsAModelId(String modelId) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BasetenTarget.dedicated(modelId, "production", null));
        assertTrue(e.getMessage().contains("modelId is required"), e.getMessage());
    }

    // ---- modelApis(baseUrl) ----

    @ParameterizedTest(name = "baseUrl=[{0}]")
    @CsvSource(value = {
            "NULL,                                https://inference.baseten.co/v1",
            "'',                                  https://inference.baseten.co/v1",
            "https://inference.baseten.co/v1,     https://inference.baseten.co/v1",
            "https://inference.baseten.co/v1///,  https://inference.baseten.co/v1",
            "http://localhost:8089,               http://localhost:8089",
            "http://localhost:8089/,              http://localhost:8089",
            "http://localhost:8089//v1/,          http://localhost:8089/v1",
    }, nullValues = "NULL")
    void modelApisChatUrl(String baseUrl, String expectedBase) {
        BasetenTarget target = BasetenTarget.modelApis(baseUrl);

        assertFalse(target.isDedicated());
        assertEquals(expectedBase + "/chat/completions", target.chatCompletionsUrl());
        assertEquals(expectedBase, target.toString());
    }

    @Test
    void modelApisDefaultIsTheDocumentedBase() {
        assertEquals("https://inference.baseten.co/v1/chat/completions",
                BasetenTarget.modelApis(null).chatCompletionsUrl());
        assertEquals(BasetenTarget.DEFAULT_MODEL_APIS_BASE_URL, BasetenTarget.modelApis(" ").toString());
    }

    static Stream<Arguments> dedicatedOnlyOperations() {
        return Stream.<Consumer<BasetenTarget>> of(
                BasetenTarget::targetRoot,
                t -> t.syncV1Url("embeddings"),
                BasetenTarget::rerankUrl,
                BasetenTarget::classifyUrl,
                BasetenTarget::predictUrl,
                BasetenTarget::asyncPredictUrl,
                BasetenTarget::asyncQueueStatusUrl,
                t -> t.asyncRequestUrl("r1"))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("dedicatedOnlyOperations")
    void modelApisRefusesDedicatedOnlyOperations(Consumer<BasetenTarget> operation) {
        BasetenTarget target = BasetenTarget.modelApis(null);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> operation.accept(target));

        assertTrue(e.getMessage().contains("needs a dedicated deployment: set modelId or modelUrl"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ftp://inference.baseten.co/v1",
            "https://user:hunter2@inference.baseten.co/v1",
            "https://inference.baseten.co/v1?key=hunter2",
            "https://inference.baseten.co/v1#hunter2",
            "inference.baseten.co/v1",
            "http://inference.baseten.co/v1",
            "HTTP://Inference.Baseten.co/v1" })
    void modelApisRejectsBadBaseUrls(String baseUrl) {
        IllegalArgumentException e
                = assertThrows(IllegalArgumentException.class, () -> BasetenTarget.modelApis(baseUrl));

        assertTrue(e.getMessage().startsWith("baseUrl "), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void modelApisPlainHttpOnBasetenIsRefusedButLocalServersAreFine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BasetenTarget.modelApis("http://inference.baseten.co/v1"));
        assertEquals("baseUrl must use https on inference.baseten.co (the API key would travel in clear), e.g. "
                     + "https://inference.baseten.co/v1", e.getMessage());
        assertEquals("http://localhost:8089/v1/chat/completions",
                BasetenTarget.modelApis("http://localhost:8089/v1").chatCompletionsUrl());
    }

    @Test
    void plainHttpToAnyRemoteHostIsRefusedAsOnDatabricks() {
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class,
                () -> BasetenTarget.modelApis("http://llm-proxy.internal:8080/v1"));
        assertEquals("baseUrl must use https on llm-proxy.internal (the API key would travel in clear), e.g. "
                     + "https://inference.baseten.co/v1", base.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> BasetenTarget.fromModelUrl("http://llm-proxy.internal:8080/production/predict"));
        assertTrue(model.getMessage().startsWith("modelUrl must use https on llm-proxy.internal (the API key would "
                                                 + "travel in clear); got http://llm-proxy.internal:8080/production;"),
                model.getMessage());
        assertEquals("https://llm-proxy.internal/v1/chat/completions",
                BasetenTarget.modelApis("https://llm-proxy.internal/v1").chatCompletionsUrl());
        assertEquals("http://127.0.0.2:8089/sync/v1/chat/completions",
                BasetenTarget.fromModelUrl("http://127.0.0.2:8089/predict").chatCompletionsUrl());
    }

    // ---- untrusted inputs to URL methods ----

    @ParameterizedTest
    @ValueSource(strings = {
            "../x", "a/b", "a?b", "a#b", "a b", "a.b", "a%2Fb", "a\r\nX-Injected: 1", "évé" })
    void asyncRequestIdIsValidatedAndNotEchoed(String requestId) {
        BasetenTarget target = BasetenTarget.dedicated("abcd1234", null, null);

        IllegalArgumentException e
                = assertThrows(IllegalArgumentException.class, () -> target.asyncRequestUrl(requestId));

        assertTrue(e.getMessage().contains("requestId"), e.getMessage());
        assertFalse(e.getMessage().contains(requestId), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "  " })
    void asyncRequestIdIsRequired(String requestId) {
        BasetenTarget target = BasetenTarget.dedicated("abcd1234", null, null);

        assertThrows(IllegalArgumentException.class, () -> target.asyncRequestUrl(requestId));
    }

    @Test
    void asyncRequestIdLengthIsBounded() {
        BasetenTarget target = BasetenTarget.dedicated("abcd1234", null, null);

        assertEquals(HOST + "/async_request/" + "a".repeat(128), target.asyncRequestUrl("a".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> target.asyncRequestUrl("a".repeat(129)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "../models", "a?b", "a#b", "a//b", "chat/completions/", "a b" })
    void syncV1PathIsValidated(String path) {
        BasetenTarget target = BasetenTarget.dedicated("abcd1234", null, null);

        assertThrows(IllegalArgumentException.class, () -> target.syncV1Url(path));
    }
}
