package io.github.camelai.llm.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ChatCompletionRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestOptionsTest {

    static final class TestConfiguration extends LlmConfiguration {
        @org.apache.camel.spi.UriParam(label = "common", description = "The model, as a component declares it.")
        private String model;

        @Override
        public String getModel() {
            return model;
        }

        @Override
        public void setModel(String model) {
            this.model = model;
        }
    }

    static final LlmHeaders H = new LlmHeaders("CamelTest");
    static CamelContext context;

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    static JsonNode json(String singleQuoted) throws Exception {
        return LlmJson.MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    static JsonNode tree(Object value) throws Exception {
        return LlmJson.MAPPER.readTree(LlmJson.write(value));
    }

    static Message message(Map<String, Object> headers) {
        DefaultExchange exchange = new DefaultExchange(context);
        exchange.getMessage().getHeaders().putAll(headers);
        return exchange.getMessage();
    }

    @Test
    void optionsAreReadOnce() throws Exception {
        TestConfiguration cfg = new TestConfiguration();
        cfg.setModel("m");
        cfg.setSystemMessage("be brief");
        cfg.setTemperature(0.3);
        cfg.setTopP(0.9);
        cfg.setTopK(40);
        cfg.setMaxTokens(100);
        cfg.setStop("END,,STOP");
        cfg.setN(2);
        cfg.setSeed(7L);
        cfg.setReasoningEffort("low");
        cfg.setLogprobs(true);
        cfg.setTopLogprobs(3);
        cfg.setStreaming(true);
        cfg.setFullResponse(true);
        cfg.setToolChoice("required");
        RequestOptions o = RequestOptions.fromConfiguration(cfg, context);
        assertEquals("m", o.model());
        assertEquals("be brief", o.systemMessage());
        assertEquals(0.3, o.get(GenerationParameter.TEMPERATURE));
        assertEquals(0.9, o.get(GenerationParameter.TOP_P));
        assertEquals(40, o.get(GenerationParameter.TOP_K));
        assertEquals(100, o.get(GenerationParameter.MAX_TOKENS));
        assertEquals(List.of("END", "STOP"), o.stop());
        assertEquals(2, o.get(GenerationParameter.N));
        assertEquals(7L, o.get(GenerationParameter.SEED));
        assertEquals("low", o.get(GenerationParameter.REASONING_EFFORT));
        assertEquals(true, o.get(GenerationParameter.LOGPROBS));
        assertEquals(3, o.get(GenerationParameter.TOP_LOGPROBS));
        assertTrue(o.streaming());
        assertTrue(o.fullResponse());
        assertEquals(StreamOutput.iterator, o.streamOutput());
        assertEquals("required", o.toolChoice());
        assertNull(o.tools());
        assertNull(o.responseFormat());
        assertTrue(o.additional().isEmpty());
    }

    @Test
    void toolsAndSchemaFromClasspathResources() throws Exception {
        TestConfiguration cfg = new TestConfiguration();
        cfg.setTools("resource:classpath:tools.json");
        cfg.setJsonSchema("resource:classpath:schema.json");
        RequestOptions o = RequestOptions.fromConfiguration(cfg, context);
        assertEquals(1, o.tools().size());
        assertEquals("get_weather", o.tools().get(0).getFunction().getName());
        assertEquals(json("{'type':'function','function':{'name':'get_weather','description':'Weather for a city',"
                          + "'parameters':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}}}"),
                tree(o.tools().get(0)));
        // a bare schema is wrapped as OpenAI's json_schema response format
        assertEquals(json("{'type':'json_schema','json_schema':{'name':'response','schema':{'type':'object',"
                          + "'properties':{'answer':{'type':'string'}},'required':['answer']},'strict':true}}"),
                tree(o.responseFormat()));
    }

    @Test
    void toolsAsJsonTextSingleObjectOrBadInput() throws Exception {
        TestConfiguration cfg = new TestConfiguration();
        cfg.setTools("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}");
        assertEquals("f", RequestOptions.fromConfiguration(cfg, context).tools().get(0).getFunction().getName());
        cfg.setTools("\"just a string\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequestOptions.fromConfiguration(cfg, context));
        assertTrue(e.getMessage().startsWith("Option tools must be a JSON array of tool definitions"), e.getMessage());
        cfg.setTools("resource:classpath:missing-tools.json");
        e = assertThrows(IllegalArgumentException.class, () -> RequestOptions.fromConfiguration(cfg, context));
        assertTrue(e.getMessage().contains("missing-tools.json"), e.getMessage());
    }

    @Test
    void schemaWithNameAndSchemaIsKeptAndJsonObjectFormat() throws Exception {
        TestConfiguration cfg = new TestConfiguration();
        cfg.setJsonSchema("{\"name\":\"person\",\"schema\":{\"type\":\"object\"},\"strict\":false}");
        assertEquals(json("{'type':'json_schema','json_schema':{'name':'person','schema':{'type':'object'},'strict':false}}"),
                tree(RequestOptions.fromConfiguration(cfg, context).responseFormat()));

        TestConfiguration obj = new TestConfiguration();
        obj.setResponseFormat(ResponseFormatType.json_object);
        assertEquals(json("{'type':'json_object'}"), tree(RequestOptions.fromConfiguration(obj, context).responseFormat()));

        TestConfiguration noSchema = new TestConfiguration();
        noSchema.setResponseFormat(ResponseFormatType.json_schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequestOptions.fromConfiguration(noSchema, context));
        assertTrue(e.getMessage().startsWith("responseFormat json_schema needs a schema"), e.getMessage());

        TestConfiguration array = new TestConfiguration();
        array.setJsonSchema("[1]");
        e = assertThrows(IllegalArgumentException.class, () -> RequestOptions.fromConfiguration(array, context));
        assertEquals("The JSON schema from option jsonSchema must be a JSON object", e.getMessage());
    }

    @Test
    void toolChoiceForms() throws Exception {
        assertEquals("auto", RequestOptions.toolChoice("auto"));
        assertEquals("none", RequestOptions.toolChoice(" none "));
        assertEquals("required", RequestOptions.toolChoice("required"));
        assertNull(RequestOptions.toolChoice(" "));
        assertEquals(json("{'type':'function','function':{'name':'get_weather'}}"),
                tree(RequestOptions.toolChoice("get_weather")));
        assertEquals(json("{'type':'function','function':{'name':'x'}}"),
                tree(RequestOptions.toolChoice("{\"type\":\"function\",\"function\":{\"name\":\"x\"}}")));
    }

    @Test
    void additionalBodyPropertiesAreTyped() throws Exception {
        TestConfiguration cfg = new TestConfiguration();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("int", "5");
        extra.put("neg", "-2.5e3");
        extra.put("yes", "true");
        extra.put("no", "false");
        extra.put("obj", "{\"enable_thinking\":false}");
        extra.put("arr", "[1,\"a\"]");
        extra.put("text", "hello");
        extra.put("zip", "007");
        extra.put("broken", "{not json");
        extra.put("already", 3);
        cfg.setAdditionalBodyProperty(extra);
        RequestOptions o = RequestOptions.fromConfiguration(cfg, context);
        ChatCompletionRequest req = ChatRequests.chat("hi", o);
        JsonNode body = tree(req);
        assertTrue(body.get("int").isIntegralNumber(), body.toString());
        assertEquals(5, body.get("int").asInt());
        assertTrue(body.get("neg").isNumber());
        assertEquals(-2500.0, body.get("neg").asDouble());
        assertTrue(body.get("yes").isBoolean() && body.get("yes").asBoolean());
        assertTrue(body.get("no").isBoolean() && !body.get("no").asBoolean());
        assertEquals(json("{'enable_thinking':false}"), body.get("obj"));
        assertEquals(json("[1,'a']"), body.get("arr"));
        assertTrue(body.get("text").isTextual());
        assertEquals("007", body.get("zip").asText(), "not a JSON number: stays text");
        assertTrue(body.get("zip").isTextual());
        assertEquals("{not json", body.get("broken").asText());
        assertEquals(3, body.get("already").asInt());
    }

    @Test
    void noOverrideHeadersGiveTheSameOptions() {
        RequestOptions o = RequestOptions.fromConfiguration(new TestConfiguration(), context);
        assertSame(o, o.withHeaders(message(Map.of()), H, context));
        assertSame(o, o.withHeaders(message(Map.of("Other", "x")), H, context));
    }

    @Test
    void headersOverrideWithTypeConversion() throws Exception {
        TestConfiguration cfg = new TestConfiguration();
        cfg.setModel("endpoint-model");
        cfg.setTemperature(0.1);
        cfg.setMaxTokens(10);
        RequestOptions base = RequestOptions.fromConfiguration(cfg, context);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("CamelTestModel", "header-model");
        h.put("CamelTestTemperature", "0.7");
        h.put("CamelTestMaxTokens", "256");
        h.put("CamelTestTopK", 5);
        h.put("CamelTestSeed", "42");
        h.put("CamelTestStop", List.of("A", "B"));
        h.put("CamelTestStreaming", "true");
        h.put("CamelTestStreamOutput", "aggregate");
        h.put("CamelTestFullResponse", true);
        h.put("CamelTestLogprobs", "true");
        h.put("CamelTestTopLogprobs", "2");
        h.put("CamelTestToolChoice", "get_weather");
        h.put("CamelTestTools", "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]");
        h.put("CamelTestReasoningEffort", "high");
        RequestOptions o = base.withHeaders(message(h), H, context);
        assertEquals("header-model", o.model());
        assertEquals(0.7, o.get(GenerationParameter.TEMPERATURE));
        assertEquals(256, o.get(GenerationParameter.MAX_TOKENS));
        assertEquals(5, o.get(GenerationParameter.TOP_K));
        assertEquals(42L, o.get(GenerationParameter.SEED));
        assertEquals(List.of("A", "B"), o.stop());
        assertTrue(o.streaming());
        assertEquals(StreamOutput.aggregate, o.streamOutput());
        assertTrue(o.fullResponse());
        assertEquals(true, o.get(GenerationParameter.LOGPROBS));
        assertEquals(2, o.get(GenerationParameter.TOP_LOGPROBS));
        assertEquals("high", o.get(GenerationParameter.REASONING_EFFORT));
        assertEquals("get_weather", o.tools().get(0).getFunction().getName());
        assertEquals(json("{'type':'function','function':{'name':'get_weather'}}"), tree(o.toolChoice()));
        // the endpoint's options are untouched
        assertEquals("endpoint-model", base.model());
        assertEquals(0.1, base.get(GenerationParameter.TEMPERATURE));
        assertTrue(!base.streaming());

        RequestOptions stopText = base.withHeaders(message(Map.of("CamelTestStop", "x,y")), H, context);
        assertEquals(List.of("x", "y"), stopText.stop());
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        RequestOptions base = RequestOptions.fromConfiguration(new TestConfiguration(), context);
        RequestOptions o = base.withHeaders(message(Map.of("cameltesttemperature", "0.4")), H, context);
        assertEquals(0.4, o.get(GenerationParameter.TEMPERATURE));
    }

    @Test
    void badHeaderValuesNameTheHeader() {
        RequestOptions o = RequestOptions.fromConfiguration(new TestConfiguration(), context);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestTemperature", "hot")), H, context));
        assertEquals("Header CamelTestTemperature has the value 'hot', which is not a Double", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestMaxTokens", "many")), H, context));
        assertEquals("Header CamelTestMaxTokens has the value 'many', which is not a Integer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestStreaming", "maybe")), H, context));
        assertTrue(e.getMessage().startsWith("Header CamelTestStreaming has the value 'maybe'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestResponseFormat", "xml")), H, context));
        assertTrue(e.getMessage().startsWith("Header CamelTestResponseFormat has the value 'xml'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestStreamOutput", "bytes")), H, context));
        assertTrue(e.getMessage().startsWith("Header CamelTestStreamOutput has the value 'bytes'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestTools", "[1,")), H, context));
        assertTrue(e.getMessage().startsWith("Header CamelTestTools"), e.getMessage());
    }

    @Test
    void headersNeverLoadResources() {
        RequestOptions o = RequestOptions.fromConfiguration(new TestConfiguration(), context);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestJsonSchema", "resource:classpath:schema.json")), H, context));
        assertTrue(e.getMessage().startsWith("Header CamelTestJsonSchema is not valid JSON"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestTools", "resource:classpath:tools.json")), H, context));
        assertTrue(e.getMessage().startsWith("Header CamelTestTools is not valid JSON"), e.getMessage());
    }

    @Test
    void headerSchemaAndFormat() throws Exception {
        RequestOptions o = RequestOptions.fromConfiguration(new TestConfiguration(), context);
        RequestOptions schema = o.withHeaders(message(Map.of("CamelTestJsonSchema", "{\"type\":\"object\"}")), H, context);
        assertEquals(json("{'type':'json_schema','json_schema':{'name':'response','schema':{'type':'object'},'strict':true}}"),
                tree(schema.responseFormat()));
        RequestOptions format = o.withHeaders(message(Map.of("CamelTestResponseFormat", "json_object")), H, context);
        assertEquals(json("{'type':'json_object'}"), tree(format.responseFormat()));

        // json_schema asked by header, schema from the endpoint: the endpoint's schema is used
        TestConfiguration cfg = new TestConfiguration();
        cfg.setJsonSchema("resource:classpath:schema.json");
        cfg.setResponseFormat(ResponseFormatType.json_object);
        RequestOptions endpoint = RequestOptions.fromConfiguration(cfg, context);
        assertEquals(json("{'type':'json_object'}"), tree(endpoint.responseFormat()));
        RequestOptions keep = endpoint.withHeaders(message(Map.of("CamelTestResponseFormat", "json_schema")), H, context);
        assertEquals("response", tree(keep.responseFormat()).at("/json_schema/name").asText());
        assertEquals("string", tree(keep.responseFormat()).at("/json_schema/schema/properties/answer/type").asText());
    }

    @Test
    void headerSchemaMissingForJsonSchemaFormatFails() {
        RequestOptions o = RequestOptions.fromConfiguration(new TestConfiguration(), context);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.withHeaders(message(Map.of("CamelTestResponseFormat", "json_schema")), H, context));
        assertTrue(e.getMessage().startsWith("responseFormat json_schema needs a schema"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }
}
