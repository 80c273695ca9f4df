package io.github.camelai.component.databricks;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationTest extends DatabricksTestSupport {

    static final String CHAT = "/serving-endpoints/my-llm/invocations";
    static final String ANSWER = """
            {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    /** The context is started, so getting the endpoint starts it: the start-up error is the first IllegalArgumentException. */
    private String startError(String uri) {
        Exception e = assertThrows(Exception.class, () -> ServiceHelper.startService(context.getEndpoint(uri)));
        return firstIllegalArgument(e).getMessage();
    }

    static Throwable firstIllegalArgument(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t;
            }
        }
        throw new AssertionError("no IllegalArgumentException in " + e, e);
    }

    @Test
    void noCredentialsFailsAtStartNamingOptionsAndVariables() {
        assertEquals("No Databricks credentials configured: set the token option (a personal access token) or the clientId "
                     + "and clientSecret options (OAuth machine-to-machine), on the endpoint or as the properties "
                     + "camel.component.databricks-ai.token, .client-id, .client-secret (on Spring Boot: with "
                     + "camel-databricks-ai-starter), or the environment variable DATABRICKS_TOKEN, "
                     + "or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET",
                startError("databricks-ai:chat?model=my-llm&host=" + host()));
        // a blank token is not a token: never sent as "Bearer ", refused before any call
        assertEquals("No Databricks credentials configured: set the token option (a personal access token) or the clientId "
                     + "and clientSecret options (OAuth machine-to-machine), on the endpoint or as the properties "
                     + "camel.component.databricks-ai.token, .client-id, .client-secret (on Spring Boot: with "
                     + "camel-databricks-ai-starter), or the environment variable DATABRICKS_TOKEN, "
                     + "or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET",
                startError("databricks-ai:chat?model=my-llm&host=" + host() + "&token=RAW(  )&clientSecret=RAW( )"));
    }

    @Test
    void aRouteWithoutConfigurationDoesNotStart() throws Exception {
        DefaultCamelContext ctx = new DefaultCamelContext();
        DatabricksAiComponent c = new DatabricksAiComponent();
        c.setEnvironment(name -> null);
        ctx.addComponent("databricks-ai", c);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("databricks-ai:chat?model=my-llm");
            }
        });
        Exception e = assertThrows(Exception.class, ctx::start);
        Throwable root = firstIllegalArgument(e);
        assertEquals("No Databricks workspace configured: set the host option (e.g. "
                     + "https://adb-1234567890123456.7.azuredatabricks.net) on the endpoint, or the property "
                     + "camel.component.databricks-ai.host (on Spring Boot: with camel-databricks-ai-starter), or the "
                     + "DATABRICKS_HOST environment variable",
                root.getMessage());
        ctx.stop();
    }

    @Test
    void halfOfTheClientCredentials() {
        assertEquals("The clientId option is set but clientSecret is not: OAuth machine-to-machine needs both",
                startError("databricks-ai:chat?model=my-llm&host=" + host() + "&clientId=abc"));
        env.put("DATABRICKS_CLIENT_SECRET", "s");
        assertEquals("The environment variable DATABRICKS_CLIENT_SECRET is set but DATABRICKS_CLIENT_ID is not: OAuth "
                     + "machine-to-machine needs both",
                startError("databricks-ai:chat?model=my-llm&host=" + host()));
    }

    @Test
    void modelIsRequiredAndMustBeAName() {
        assertEquals("databricks-ai:chat needs the model option: the name of the serving endpoint, e.g. "
                     + "databricks-meta-llama-3-3-70b-instruct", startError(uri("chat", "")));
        assertEquals("The serving endpoint name (model option) 'a/b' is not a valid name: use letters, digits, '-', '_' and "
                     + "'.', starting with a letter or digit", startError(uri("chat", "model=a/b")));
        assertEquals("The served model name (servedModel option) '..' is not a valid name: use letters, digits, '-', '_' "
                     + "and '.', starting with a letter or digit", startError(uri("chat", "model=m&servedModel=..")));
    }

    @Test
    void unknownOperation() {
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint("databricks-ai:rerank?model=m"));
        assertEquals("Unknown databricks-ai operation 'rerank': use chat, completion, embedding or responses",
                firstIllegalArgument(e).getMessage());
    }

    @Test
    void hostValidation() {
        String t = "&token=" + TOKEN + "&model=m";
        assertEquals("The host option must use https (plain http is only allowed for localhost): http://example.com",
                startError("databricks-ai:chat?host=http://example.com" + t));
        assertEquals("The host option must be the workspace URL without a path (got path /serving-endpoints); the component "
                     + "adds /serving-endpoints/...",
                startError("databricks-ai:chat?host=https://adb-1.2.azuredatabricks.net/serving-endpoints" + t));
        assertEquals("The host option must not have a query or fragment: https://adb-1.azuredatabricks.net",
                startError("databricks-ai:chat?host=RAW(https://adb-1.azuredatabricks.net?o=1)" + t));
        assertEquals("The host option must not contain user info (credentials go in the token or clientId/clientSecret options)",
                startError("databricks-ai:chat?host=RAW(https://me:pw@adb-1.azuredatabricks.net)" + t));
        assertEquals("The host option must be an https URL such as https://adb-1234567890123456.7.azuredatabricks.net, not ftp:",
                startError("databricks-ai:chat?host=ftp://adb-1.azuredatabricks.net" + t));
        env.put("DATABRICKS_HOST", "http://workspace.example.com");
        assertEquals("The DATABRICKS_HOST environment variable must use https (plain http is only allowed for localhost): "
                     + "http://workspace.example.com",
                startError("databricks-ai:chat?token=x&model=m"));
    }

    @Test
    void anUnparsableHostIsRefusedWithoutEchoingIt() {
        // a URL that does not parse may still carry credentials: the message gives the reason, not the text
        String msg = startError("databricks-ai:chat?host=RAW(https://me:hunter2@adb 1.azuredatabricks.net)&token=" + TOKEN
                                + "&model=m");
        assertEquals("The host option is not a valid URL: Illegal character in authority at index 8", msg);
        assertFalse(msg.contains("hunter2"), msg);
    }

    @Test
    void hostsThatAreAccepted() {
        assertEquals("https://adb-1.2.azuredatabricks.net",
                DatabricksUrls.of("adb-1.2.azuredatabricks.net", "h").host());
        assertEquals("https://adb-1.2.azuredatabricks.net",
                DatabricksUrls.of("https://adb-1.2.azuredatabricks.net/", "h").host());
        assertEquals("http://127.0.0.1:8080", DatabricksUrls.of("http://127.0.0.1:8080", "h").host());
        assertEquals("https://h.cloud.databricks.com/serving-endpoints/e/served-models/s/invocations",
                DatabricksUrls.of("https://h.cloud.databricks.com", "h").invocations("e", "s"));
    }

    @Test
    void hostAndTokenFromTheEnvironment() {
        env.put("DATABRICKS_HOST", host());
        env.put("DATABRICKS_TOKEN", "dapi-from-env");
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        Exchange out = send("databricks-ai:chat?model=my-llm", "Hi");

        assertNull(out.getException());
        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer dapi-from-env")));
    }

    @Test
    void theTokenOptionWinsOverTheEnvironment() {
        env.put("DATABRICKS_HOST", "https://never-used.cloud.databricks.com");
        env.put("DATABRICKS_TOKEN", "dapi-from-env");
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        send(uri("chat", "model=my-llm"), "Hi");

        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void componentLevelConfigurationIsCopiedToEveryEndpoint() {
        component.getConfiguration().setHost(host());
        component.getConfiguration().setToken("dapi-component");
        component.getConfiguration().setTemperature(0.4);
        wm.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));

        send("databricks-ai:chat?model=my-llm", "Hi");
        DatabricksAiEndpoint other = context.getEndpoint("databricks-ai:chat?model=my-llm&temperature=0.9",
                DatabricksAiEndpoint.class);

        wm.verify(1, postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer dapi-component")));
        assertEquals(0.9, other.getConfiguration().getTemperature());
        assertEquals(0.4, component.getConfiguration().getTemperature());
    }

    @Test
    void secretsNeverShowInToString() {
        Endpoint withToken = context.getEndpoint(uri("chat", "model=my-llm"));
        Endpoint withOAuth = context.getEndpoint("databricks-ai:chat?host=" + host()
                                                 + "&clientId=sp-1&clientSecret=very-secret-value&model=my-llm");

        assertFalse(withToken.toString().contains(TOKEN), withToken.toString());
        assertFalse(withOAuth.toString().contains("very-secret-value"), withOAuth.toString());
        assertTrue(withToken.toString().contains("token=xxxxxx"), withToken.toString());
    }
}
