package io.github.camelai.component.baseten;

import java.util.Map;

import io.github.camelai.llm.support.GenerationParameter;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasetenEndpointTest {

    private CamelContext context;

    /** A component that sees the given environment instead of the real one. */
    static BasetenComponent componentWithEnv(Map<String, String> env) {
        return new EnvComponent(env);
    }

    /** Named and annotated: Camel finds the generated configurers through the @Component name. */
    @org.apache.camel.spi.annotations.Component("baseten")
    static final class EnvComponent extends BasetenComponent {
        private final Map<String, String> env;

        EnvComponent(Map<String, String> env) {
            this.env = env;
        }

        @Override
        protected String environmentVariable(String name) {
            return env.get(name);
        }
    }

    private CamelContext start(Map<String, String> env) throws Exception {
        context = new DefaultCamelContext();
        context.addComponent("baseten", componentWithEnv(env));
        context.start();
        return context;
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void everyOperationNameResolves() throws Exception {
        start(Map.of("BASETEN_API_KEY", "k"));
        for (BasetenOperation op : BasetenOperation.values()) {
            BasetenEndpoint e = context.getEndpoint("baseten:" + op.value() + "?modelId=abcd1234", BasetenEndpoint.class);
            assertEquals(op, e.getOperation(), op.value());
        }
        assertEquals(BasetenOperation.ASYNC_PREDICT,
                context.getEndpoint("baseten:async-predict?modelId=abcd1234", BasetenEndpoint.class).getOperation());
        assertEquals("async-queue-status", BasetenOperation.ASYNC_QUEUE_STATUS.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BasetenOperation.fromValue("asyncpredict"));
        assertTrue(e.getMessage().contains("async-predict, async-status"), e.getMessage());
    }

    @Test
    void apiKeyFromEnvironmentAndModelApisTarget() throws Exception {
        start(Map.of("BASETEN_API_KEY", "env-key"));
        BasetenEndpoint e = context.getEndpoint("baseten:chat?model=openai/gpt-oss-120b", BasetenEndpoint.class);
        e.start();
        assertFalse(e.target().isDedicated());
        assertEquals("https://inference.baseten.co/v1/chat/completions", e.target().chatCompletionsUrl());
        assertEquals("openai/gpt-oss-120b", e.requestOptions().model());
    }

    @Test
    void missingKeyNamesOptionAndVariable() throws Exception {
        start(Map.of());
        Throwable cause = rootCause(assertThrows(Exception.class, () -> context.getEndpoint("baseten:chat?model=m")));
        assertInstanceOf(IllegalArgumentException.class, cause);
        assertEquals("No Baseten API key for baseten:chat: set the apiKey option (on the endpoint, or the component: the "
                     + "property camel.component.baseten.api-key, on Spring Boot with camel-baseten-starter) or the "
                     + "BASETEN_API_KEY environment variable", cause.getMessage());
    }

    @Test
    void blankKeyIsNotAKey() throws Exception {
        // never sent as "Api-Key ": refused before any call, naming the option
        start(Map.of());
        Throwable cause = rootCause(assertThrows(Exception.class,
                () -> context.getEndpoint("baseten:chat?model=m&apiKey=RAW(  )")));
        assertEquals("No Baseten API key for baseten:chat: set the apiKey option (on the endpoint, or the component: the "
                     + "property camel.component.baseten.api-key, on Spring Boot with camel-baseten-starter) or the "
                     + "BASETEN_API_KEY environment variable", cause.getMessage());
    }

    @Test
    void dedicatedOperationWithoutDeploymentRefusesToStart() throws Exception {
        start(Map.of("BASETEN_API_KEY", "k"));
        for (String op : new String[] { "embedding", "rerank", "predict", "async-predict", "async-status" }) {
            Exception ex = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:" + op).to("baseten:" + op + "?model=some/model");
                }
            }));
            Throwable cause = rootCause(ex);
            assertEquals("baseten:" + op + " needs a dedicated deployment: set modelId (with environment or "
                         + "deploymentId) or modelUrl; Model APIs (model=some/model) serve chat and completion only",
                    cause.getMessage());
        }
    }

    @Test
    void modelApisWithoutModelRefusesToStart() throws Exception {
        start(Map.of("BASETEN_API_KEY", "k"));
        for (String op : new String[] { "chat", "completion" }) {
            Exception ex = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:" + op).to("baseten:" + op + "?temperature=0.2");
                }
            }));
            Throwable cause = rootCause(ex);
            assertInstanceOf(IllegalArgumentException.class, cause);
            assertEquals("baseten:" + op + " on Baseten Model APIs needs the model option: a Model APIs slug such as "
                         + "openai/gpt-oss-120b; or set modelId or modelUrl for a dedicated deployment",
                    cause.getMessage());
        }
        // a dedicated deployment needs no model: the engine serves one
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dedicated").to("baseten:chat?modelId=abcd1234");
            }
        });
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void webhookNeedsNeitherKeyNorTarget() throws Exception {
        start(Map.of());
        BasetenEndpoint e = context.getEndpoint("baseten:webhook?path=/hook&webhookSecret=whsec_abc",
                BasetenEndpoint.class);
        e.start();
        assertNull(e.target());
    }

    @Test
    void timestampToleranceTakesMillisecondsOrADuration() throws Exception {
        start(Map.of());
        String uri = "baseten:webhook?path=/t%d&webhookSecret=whsec_abc&timestampTolerance=%s";
        assertEquals(300_000L, context.getEndpoint("baseten:webhook?path=/t0&webhookSecret=whsec_abc",
                BasetenEndpoint.class).getConfiguration().getTimestampTolerance());
        assertEquals(2_000L, context.getEndpoint(String.format(uri, 1, "2000"), BasetenEndpoint.class)
                .getConfiguration().getTimestampTolerance());
        assertEquals(300_000L, context.getEndpoint(String.format(uri, 2, "5m"), BasetenEndpoint.class)
                .getConfiguration().getTimestampTolerance());
        assertEquals(90_000L, context.getEndpoint(String.format(uri, 3, "1m30s"), BasetenEndpoint.class)
                .getConfiguration().getTimestampTolerance());
        assertEquals(0L, context.getEndpoint(String.format(uri, 4, "0"), BasetenEndpoint.class)
                .getConfiguration().getTimestampTolerance());
    }

    @Test
    void toStringMasksSecrets() throws Exception {
        start(Map.of());
        BasetenEndpoint e = context.getEndpoint("baseten:chat?model=m&apiKey=sk-very-secret-1",
                BasetenEndpoint.class);
        assertFalse(e.toString().contains("sk-very-secret-1"), e.toString());
        assertTrue(e.toString().contains("model=m"), e.toString());
        BasetenEndpoint w = context.getEndpoint("baseten:webhook?path=/h&webhookSecret=RAW(whsec_topsecret)",
                BasetenEndpoint.class);
        assertFalse(w.toString().contains("whsec_topsecret"), w.toString());
    }

    @Test
    void componentApiKeyIsTheDefault() throws Exception {
        start(Map.of());
        context.getComponent("baseten", BasetenComponent.class).setApiKey("component-key");
        BasetenEndpoint e = context.getEndpoint("baseten:chat?model=m", BasetenEndpoint.class);
        e.start();
        assertEquals("component-key", e.getConfiguration().getApiKey());
    }

    @Test
    void componentConfigurationIsTheDefaultAndEndpointsGetACopy() throws Exception {
        start(Map.of());
        BasetenComponent component = context.getComponent("baseten", BasetenComponent.class);
        component.getConfiguration().setApiKey("cfg-key");
        component.getConfiguration().setModelId("abcd1234");
        component.getConfiguration().setTemperature(0.5);
        component.getConfiguration().getAdditionalBodyProperty().put("min_p", "0.1");
        BasetenEndpoint e = context.getEndpoint("baseten:predict?environment=staging&temperature=0.9"
                                                + "&additionalBodyProperty.top_k=3", BasetenEndpoint.class);
        assertEquals("https://model-abcd1234.api.baseten.co/environments/staging/predict", e.target().predictUrl());
        assertEquals(0.9, e.requestOptions().get(GenerationParameter.TEMPERATURE));
        // values are typed (numbers sent as numbers); compare in a fixed key order
        assertEquals("{min_p=0.1, top_k=3}", new java.util.TreeMap<>(e.requestOptions().additional()).toString());
        // the component's defaults are untouched
        assertEquals(0.5, component.getConfiguration().getTemperature());
        assertEquals("production", component.getConfiguration().getEnvironment());
        assertEquals(Map.of("min_p", "0.1"), component.getConfiguration().getAdditionalBodyProperty());
    }

    @Test
    void componentOptionsFromProperties() throws Exception {
        context = new DefaultCamelContext();
        context.addComponent("baseten", componentWithEnv(Map.of()));
        context.start();
        // what camel.component.baseten.* properties do: bind through the generated component configurer
        org.apache.camel.support.PropertyBindingSupport.build()
                .withCamelContext(context).withTarget(context.getComponent("baseten"))
                .withProperties(new java.util.HashMap<>(Map.of("apiKey", "prop-key", "model", "deepseek-ai/DeepSeek-V3.1",
                        "maxTokens", "128")))
                .withConfigurer(context.getComponent("baseten").getComponentPropertyConfigurer())
                .bind();
        BasetenEndpoint e = context.getEndpoint("baseten:chat", BasetenEndpoint.class);
        assertEquals("deepseek-ai/DeepSeek-V3.1", e.requestOptions().model());
        assertEquals(128, e.requestOptions().get(GenerationParameter.MAX_TOKENS));
        assertEquals("prop-key", e.getConfiguration().getApiKey());
    }
}
