package io.github.camelai.llm.support;

import java.util.List;
import java.util.Map;

import io.github.camelai.llm.model.ChatCompletion;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatResultsTest {

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

    static ChatCompletion completion(String singleQuoted) throws Exception {
        return LlmJson.MAPPER.readValue(singleQuoted.replace('\'', '"'), ChatCompletion.class);
    }

    static RequestOptions opts(boolean fullResponse) {
        RequestOptionsTest.TestConfiguration cfg = new RequestOptionsTest.TestConfiguration();
        cfg.setFullResponse(fullResponse);
        return RequestOptions.fromConfiguration(cfg, context);
    }

    @Test
    void severalChoicesGiveAListInChoiceOrder() throws Exception {
        ChatCompletion c = completion("""
                {'id':'x','model':'m','choices':[
                  {'index':0,'message':{'role':'assistant','content':'one'},'finish_reason':'stop'},
                  {'index':1,'message':{'role':'assistant','content':'two'},'finish_reason':'length'}],
                 'usage':{'prompt_tokens':1,'completion_tokens':2,'total_tokens':3,'reasoning_tokens':7}}
                """);
        Message out = new DefaultExchange(context).getMessage();
        ChatResults.apply(out, c, opts(false), H);
        assertEquals(List.of("one", "two"), out.getBody());
        assertEquals("stop", out.getHeader("CamelTestFinishReason"));
        assertEquals(7, out.getHeader("CamelTestReasoningTokens"));
        assertEquals(3, out.getHeader("CamelTestTotalTokens"));
        assertNull(out.getHeader("CamelTestToolCalls"));
        assertNull(out.getHeader("CamelTestReasoning"));
    }

    @Test
    void fullResponseIsTheWholeObject() throws Exception {
        ChatCompletion c = completion("{'id':'x','choices':[{'index':0,'message':{'role':'assistant','content':'hi'}}]}");
        Message out = new DefaultExchange(context).getMessage();
        ChatResults.apply(out, c, opts(true), H);
        assertSame(c, out.getBody());
        assertEquals("x", out.getHeader("CamelTestResponseId"));
    }

    @Test
    void missingPartsSetNoHeaders() throws Exception {
        Message out = new DefaultExchange(context).getMessage();
        out.setBody("previous");
        ChatResults.apply(out, completion("{'choices':[{'index':0,'message':{'role':'assistant'}}]}"), opts(false), H);
        assertNull(out.getBody());
        Map<String, Object> headers = out.getHeaders();
        assertFalse(headers.keySet().stream().anyMatch(k -> k.startsWith("CamelTest")), headers.toString());
    }

    @Test
    void anAnswerWithoutChoicesIsAnErrorNotAnEmptySuccess() throws Exception {
        Message out = new DefaultExchange(context).getMessage();
        for (String json : new String[] { "{'choices':[]}", "{'id':'r1'}" }) {
            io.github.camelai.llm.error.LlmException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.github.camelai.llm.error.LlmException.class, () -> ChatResults.apply(out, completion(json), opts(false), H));
            assertTrue(e.getMessage().contains("no choices"), e.getMessage());
        }
    }
}
