package io.github.camelai.llm.support;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.support.GenerationParameter.Api;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table of per-exchange options is complete and correct: each line names a documented option of
 * {@link LlmConfiguration}, reads that option, and fills the JSON field it names in each API's request. (Each
 * component's catalog test checks that the headers are declared and catalogued.)
 */
class GenerationParameterTest {

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

    /** A configuration where every option in the table has a non-default value. */
    static RequestOptionsTest.TestConfiguration everythingSet() {
        RequestOptionsTest.TestConfiguration cfg = new RequestOptionsTest.TestConfiguration();
        cfg.setModel("m");
        cfg.setSystemMessage("be brief");
        cfg.setTemperature(0.25);
        cfg.setTopP(0.5);
        cfg.setTopK(7);
        cfg.setMaxTokens(99);
        cfg.setStop("END,STOP");
        cfg.setN(2);
        cfg.setSeed(42L);
        cfg.setTools("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
        cfg.setToolChoice("auto");
        cfg.setResponseFormat(ResponseFormatType.json_object);
        cfg.setReasoningEffort("low");
        cfg.setLogprobs(true);
        cfg.setTopLogprobs(3);
        cfg.setStreaming(true);
        cfg.setStreamOutput(StreamOutput.aggregate);
        cfg.setFullResponse(true);
        return cfg;
    }

    @Test
    void everyLineIsADocumentedOptionAndReadsIt() throws Exception {
        RequestOptionsTest.TestConfiguration cfg = everythingSet();
        cfg.setJsonSchema("{\"type\":\"object\"}");
        for (GenerationParameter p : GenerationParameter.values()) {
            // model is declared by each component's configuration (one description per service), the rest here
            Field field = declaredField(cfg.getClass(), p.option());
            UriParam param = field.getAnnotation(UriParam.class);
            assertNotNull(param, p + ": " + p.option() + " is not an endpoint option");
            assertFalse(param.description().isBlank(), p + ": option without a description");
            field.setAccessible(true);
            Object configured = field.get(cfg);
            assertNotNull(configured, p + ": the test sets no value for " + p.option());
            assertEquals(configured, p.valueIn(cfg), p + " reads another option");
            assertTrue(p.header().matches("[A-Z][A-Za-z]*"), p + ": header suffix " + p.header());
        }
    }

    static Field declaredField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    @Test
    void everyFieldIsFilledWhereTheTableSays() throws Exception {
        RequestOptions o = RequestOptions.fromConfiguration(everythingSet(), context);
        JsonNode chat = LlmJson.MAPPER.valueToTree(ChatRequests.chat("hi", o));
        JsonNode completion = LlmJson.MAPPER.valueToTree(ChatRequests.completion("hi", o));
        ObjectNode responses = LlmJson.MAPPER.createObjectNode();
        RequestFilling.fill(responses, o, Api.RESPONSES, null);
        List<String> checked = new ArrayList<>();
        for (GenerationParameter p : GenerationParameter.values()) {
            JsonNode expected = LlmJson.MAPPER.valueToTree(o.get(p));
            check(chat, p, Api.CHAT, expected, checked);
            check(completion, p, Api.COMPLETION, expected, checked);
            check(responses, p, Api.RESPONSES, expected, checked);
        }
        // spot checks of the names that differ between the APIs
        assertEquals(99, chat.path("max_tokens").asInt());
        assertEquals(99, responses.path("max_output_tokens").asInt());
        assertEquals("low", responses.at("/reasoning/effort").asText());
        assertEquals("json_object", responses.at("/text/format/type").asText());
        assertEquals("be brief", responses.path("instructions").asText());
        assertEquals(List.of("system", "user"), chat.findValuesAsText("role"));
        assertTrue(checked.size() > 20, checked.toString());
    }

    /** The field the table names for this API holds the option's value. */
    private static void check(JsonNode request, GenerationParameter p, Api api, JsonNode expected, List<String> checked) {
        String field = p.field(api);
        if (field == null) {
            return;
        }
        JsonNode actual = request.at("/" + field.replace('.', '/'));
        assertEquals(expected, actual, api + " " + p + " in field " + field);
        checked.add(api + ":" + field);
    }

    @Test
    void aFieldTheModelDoesNotKnowIsWrittenAsAnExtraField() {
        CompletionRequest req = new CompletionRequest();
        RequestFilling.set(req, "min_p", 0.1);
        RequestFilling.set(req, "max_tokens", 5);
        assertEquals(0.1, RequestFilling.get(req, "min_p"));
        assertEquals(5, req.getMaxTokens());
        assertEquals("{\"max_tokens\":5,\"min_p\":0.1}", new String(LlmJson.write(req), StandardCharsets.UTF_8));
    }
}
