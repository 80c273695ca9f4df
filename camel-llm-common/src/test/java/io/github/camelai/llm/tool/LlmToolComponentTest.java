package io.github.camelai.llm.tool;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.support.LlmJson;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llm-tool routes: their definitions, their registration with the route's lifecycle, and how a call runs them. */
class LlmToolComponentTest {

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private CamelContext start(RouteBuilder routes) throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(routes);
        context.start();
        return context;
    }

    private static JsonNode json(String text) throws Exception {
        return LlmJson.MAPPER.readTree(text);
    }

    @Test
    void theUriDescribesTheFunctionTheModelIsOffered() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:getWeather?description=Current weather in a city&parameter.city=string"
                     + "&parameter.city.description=City name&parameter.city.required=true"
                     + "&parameter.unit=string&parameter.unit.enum=celsius,fahrenheit&parameter.days=integer"
                     + "&parameter.days.enum=1,3,7&parameter.ratio=number&parameter.ratio.enum=0.5,1.5"
                     + "&parameter.hourly=boolean&parameter.fields=array&parameter.filter=object&tags=weather, travel")
                        .routeId("weather").setBody(constant("sunny"));
            }
        });
        LlmTool tool = LlmToolRegistry.of(context).get("getWeather");
        assertNotNull(tool);
        assertEquals(java.util.Set.of("weather", "travel"), tool.tags());
        assertEquals(json("""
                {"type":"function","function":{"name":"getWeather","description":"Current weather in a city",
                 "parameters":{"type":"object","properties":{
                   "city":{"type":"string","description":"City name"},
                   "unit":{"type":"string","enum":["celsius","fahrenheit"]},
                   "days":{"type":"integer","enum":[1,3,7]},
                   "ratio":{"type":"number","enum":[0.5,1.5]},
                   "hourly":{"type":"boolean"},
                   "fields":{"type":"array"},
                   "filter":{"type":"object"}},
                  "required":["city"]}}}"""), LlmJson.MAPPER.valueToTree(tool.definition()));
    }

    @Test
    void aToolWithoutParametersTakesAnEmptyObject() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:now?description=The current time").setBody(constant("12:00"));
            }
        });
        assertEquals(json("{\"type\":\"object\",\"properties\":{}}"),
                LlmJson.MAPPER.valueToTree(LlmToolRegistry.of(context).get("now").definition().getFunction().getParameters()));
    }

    @Test
    void theToolIsRegisteredWhileItsRouteRuns() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:now?description=The current time&tags=clock").routeId("clock").setBody(constant("12:00"));
            }
        });
        LlmToolRegistry registry = LlmToolRegistry.of(context);
        assertEquals(List.of("now"), registry.withAnyTag(List.of("clock")).stream().map(LlmTool::name).toList());
        context.getRouteController().stopRoute("clock");
        assertNull(registry.get("now"));
        assertTrue(registry.withAnyTag(List.of("clock")).isEmpty());
        context.getRouteController().startRoute("clock");
        assertNotNull(registry.get("now"));
        context.removeRoute("clock"); // removal needs a stopped route
    }

    @Test
    void registriesBelongToTheirContext() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:now?description=The current time").setBody(constant("12:00"));
            }
        });
        CamelContext other = new DefaultCamelContext();
        other.start();
        try {
            assertNull(LlmToolRegistry.of(other).get("now"));
            assertNotNull(LlmToolRegistry.of(context).get("now"));
        } finally {
            other.stop();
        }
    }

    @Test
    void twoToolsOfOneNameAreRefused() {
        Exception e = assertThrows(Exception.class, () -> start(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:now?description=The current time").setBody(constant("12:00"));
                from("llm-tool:now?description=The time now").setBody(constant("12:00"));
            }
        }));
        assertTrue(causes(e).contains("Two llm-tool routes are named now"), causes(e));
    }

    @Test
    void mistakesInTheDefinitionStopTheRouteFromStarting() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("llm-tool:t?description=d&parameter.city=text", "parameter city has type 'text': use one of array, "
                                                                  + "boolean, integer, number, object, string");
        cases.put("llm-tool:t?description=d&parameter.city.description=x", "describes parameter city but gives it no type");
        cases.put("llm-tool:t?description=d&parameter.city=string&parameter.city.format=x", "parameter.city.format is not known");
        cases.put("llm-tool:t?description=d&parameter.on=boolean&parameter.on.enum=true", "takes no enum");
        cases.put("llm-tool:t?description=d&parameter.n=integer&parameter.n.enum=1,two", "enum value 'two' is not an integer");
        cases.put("llm-tool:t?description=d&parameter.n=integer&parameter.n.required=yes", "use true or false");
        cases.put("llm-tool:t?parameter.n=integer", "has no description");
        cases.put("llm-tool:get weather?description=d", "is not a valid tool name");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Exception e = assertThrows(Exception.class, () -> start(new RouteBuilder() {
                @Override
                public void configure() {
                    from(c.getKey()).setBody(constant("x"));
                }
            }), c.getKey());
            assertTrue(causes(e).contains(c.getValue()), c.getKey() + " -> " + causes(e));
            context.stop();
        }
    }

    @Test
    void aToolIsNotAProducer() {
        Exception e = assertThrows(Exception.class, () -> start(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to("llm-tool:now?description=x");
            }
        }));
        assertTrue(causes(e).contains("llm-tool:now is a consumer"), causes(e));
    }

    @Test
    void aCallRunsTheRouteOnAFreshExchange() throws Exception {
        start(new RouteBuilder() {
            @Override
            public void configure() {
                from("llm-tool:echo?description=Echo").process(e -> {
                    Map<String, Object> body = e.getMessage().getBody(Map.class);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("args", body);
                    out.put("headers", new java.util.TreeMap<>(e.getMessage().getHeaders()));
                    e.getMessage().setBody(out);
                });
                from("llm-tool:text?description=Text").setBody(simple("it is ${body[city]}"));
                from("llm-tool:fail?description=Fails").throwException(new IllegalStateException("no data for Mars"));
            }
        });
        LlmToolRegistry registry = LlmToolRegistry.of(context);
        String echo = registry.get("echo").invoke("call_1", Map.of("city", "Paris", "days", 3)).get(10, TimeUnit.SECONDS);
        assertEquals(json("""
                {"args":{"city":"Paris","days":3},
                 "headers":{"CamelLlmToolCallId":"call_1","CamelLlmToolName":"echo"}}"""), json(echo));
        assertEquals("it is Paris", registry.get("text").invoke("c", Map.of("city", "Paris")).get(10, TimeUnit.SECONDS));
        // a failed route fails the call: the tool loop words it for the model (and logs it once)
        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> registry.get("fail").invoke("c", Map.of()).get(10, TimeUnit.SECONDS));
        assertEquals("error: no data for Mars", ToolResult.error(failed));
    }

    @Test
    void theCatalogDescribesTheComponent() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelai/llm/tool/llm-tool.json")) {
            assertNotNull(in, "generated catalog missing");
            JsonNode catalog = LlmJson.MAPPER.readTree(in);
            assertEquals("llm-tool", catalog.path("component").path("scheme").asText());
            assertTrue(catalog.path("component").path("consumerOnly").asBoolean());
            JsonNode props = catalog.path("properties");
            for (String option : List.of("name", "description", "tags", "parameter")) {
                assertTrue(props.has(option), option);
                assertTrue(!props.path(option).path("description").asText().isBlank(), option);
            }
            assertEquals("parameter.", props.path("parameter").path("prefix").asText());
            assertTrue(props.path("name").path("required").asBoolean());
            assertTrue(props.path("description").path("required").asBoolean());
            assertTrue(catalog.path("headers").has(LlmToolConstants.TOOL_NAME));
            assertTrue(catalog.path("headers").has(LlmToolConstants.TOOL_CALL_ID));
        }
    }

    static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
