package io.github.camelai.llm.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.EmbeddingRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatRequestsTest {

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

    static JsonNode wire(Object request) throws Exception {
        return LlmJson.MAPPER.readTree(LlmJson.write(request));
    }

    static RequestOptions options(java.util.function.Consumer<RequestOptionsTest.TestConfiguration> setup) {
        RequestOptionsTest.TestConfiguration cfg = new RequestOptionsTest.TestConfiguration();
        setup.accept(cfg);
        return RequestOptions.fromConfiguration(cfg, context);
    }

    static final RequestOptions PLAIN = options(c -> c.setModel("m"));

    @Test
    void anAdditionalPropertyNamingAModelledFieldSetsItOnce() throws Exception {
        RequestOptions o = options(c -> {
            c.setModel("m");
            c.getAdditionalBodyProperty().put("max_tokens", "7");
            c.getAdditionalBodyProperty().put("stream_options", "{\"include_usage\":true}");
            c.getAdditionalBodyProperty().put("min_p", "0.1");
        });
        ChatCompletionRequest r = ChatRequests.chat("hi", o);
        assertEquals(Integer.valueOf(7), r.getMaxTokens());
        String written = new String(LlmJson.write(r), java.nio.charset.StandardCharsets.UTF_8);
        // a key written twice would be invalid JSON for strict parsers
        assertEquals(written.indexOf("\"max_tokens\""), written.lastIndexOf("\"max_tokens\""), written);
        assertEquals(json("{'model':'m','messages':[{'role':'user','content':'hi'}],'max_tokens':7,"
                          + "'stream_options':{'include_usage':true},'min_p':0.1}"), wire(r));

        ChatCompletionRequest withMax = ChatRequests.chat(Map.of("messages", List.of(Map.of("role", "user", "content", "x")),
                "max_tokens", 3), o);
        assertEquals(Integer.valueOf(3), withMax.getMaxTokens(), "what the body set wins");
    }

    @Test
    void aStringIsOneUserMessageNeverParsed() throws Exception {
        ChatCompletionRequest r = ChatRequests.chat("{\"messages\":[]}", PLAIN);
        assertEquals(json("{'model':'m','messages':[{'role':'user','content':'{\\'messages\\':[]}'}]}"), wire(r));
    }

    @Test
    void aListOfMapsAndMessages() throws Exception {
        List<Object> body = new ArrayList<>();
        body.add(Map.of("role", "user", "content", "What is 2+2?"));
        body.add(ChatMessage.assistant("4"));
        body.add(json("{'role':'user','content':[{'type':'text','text':'and 3+3?'}]}"));
        ChatCompletionRequest r = ChatRequests.chat(body, PLAIN);
        assertEquals(json("""
                {'model':'m','messages':[{'role':'user','content':'What is 2+2?'},{'role':'assistant','content':'4'},
                  {'role':'user','content':[{'type':'text','text':'and 3+3?'}]}]}
                """), wire(r));
    }

    @Test
    void aListWithSomethingElseNamesTheItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequests.chat(List.of(Map.of("role", "user", "content", "x"), 42), PLAIN));
        assertEquals("Message 1 of the body is of type Integer; a List body must hold ChatMessage objects or Maps "
                     + "with role and content", e.getMessage());
    }

    @Test
    void fullRequestsAsMapJsonNodeOrObject() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("messages", List.of(Map.of("role", "user", "content", "hi")));
        map.put("temperature", 0.1);
        map.put("vendor_flag", Map.of("x", 1));
        assertEquals(json("{'model':'m','messages':[{'role':'user','content':'hi'}],'temperature':0.1,'vendor_flag':{'x':1}}"),
                wire(ChatRequests.chat(map, PLAIN)));

        assertEquals(json("{'model':'other','messages':[{'role':'user','content':'hi'}],'stop':['END']}"),
                wire(ChatRequests.chat(json("{'model':'other','messages':[{'role':'user','content':'hi'}],'stop':'END'}"),
                        PLAIN)));

        ChatCompletionRequest object = new ChatCompletionRequest();
        object.setMessages(new ArrayList<>(List.of(ChatMessage.user("hi"))));
        // a request object is taken as a template: the filled copy is sent, the caller's object stays as it was
        ChatCompletionRequest sent = ChatRequests.chat(object, PLAIN);
        assertEquals(json("{'model':'m','messages':[{'role':'user','content':'hi'}]}"), wire(sent));
        assertEquals(null, object.getModel());
    }

    @Test
    void aMapWithoutMessagesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequests.chat(Map.of("prompt", "hi"), PLAIN));
        assertEquals("A Map or JsonNode body must be a full chat request with a \"messages\" array; send a String for one "
                     + "user message", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(Map.of("messages", "hi"), PLAIN));
        assertTrue(e.getMessage().startsWith("The body is not a chat request ({\"messages\":[...]}): "), e.getMessage());
    }

    @Test
    void unsupportedBodyTypesNameWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(42, PLAIN));
        assertEquals("The chat operation cannot use a body of type Integer; it accepts String (one user message), "
                     + "List of messages (ChatMessage or Map with role and content), or a full request as Map, JsonNode or "
                     + "ChatCompletionRequest", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(null, PLAIN));
        assertTrue(e.getMessage().startsWith("The chat operation cannot use a body of type null (no body); it accepts "),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.completion(new byte[1], PLAIN));
        assertEquals("The completion operation cannot use a body of type byte[]; it accepts String, or a List, array or other Collection of String",
                e.getMessage());
    }

    @Test
    void theSystemMessageOptionGoesFirst() throws Exception {
        RequestOptions withSystem = options(c -> c.setSystemMessage("Answer in French."));
        assertEquals(json("{'messages':[{'role':'system','content':'Answer in French.'},{'role':'user','content':'hi'}]}"),
                wire(ChatRequests.chat("hi", withSystem)));
        // a body that brings its own system message keeps it
        List<Map<String, String>> own = List.of(Map.of("role", "system", "content", "Mine."), Map.of("role", "user", "content", "hi"));
        assertEquals(json("{'messages':[{'role':'system','content':'Mine.'},{'role':'user','content':'hi'}]}"),
                wire(ChatRequests.chat(own, withSystem)));
    }

    @Test
    void validationErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(List.of(), PLAIN));
        assertEquals("The chat request has no messages: send a String, or a List with at least one message", e.getMessage());
        // the systemMessage option does not turn an empty conversation into a lone system message
        RequestOptions withSystem = options(c -> c.setSystemMessage("Be brief."));
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(new ArrayList<>(), withSystem));
        assertEquals("The chat request has no messages: send a String, or a List with at least one message", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequests.chat(Map.of("messages", List.of()), withSystem));
        assertEquals("The chat request has no messages: send a String, or a List with at least one message", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat("  ", PLAIN));
        assertEquals("The chat input is empty: send a non-empty String or a List of messages", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(new ChatCompletionRequest(), PLAIN));
        assertEquals("The chat request has no messages: send a String, or a List with at least one message", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequests.chat(List.of(Map.of("content", "no role")), PLAIN));
        assertEquals("Message 0 has no role: use system, user, assistant or tool", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.chat(
                List.of(Map.of("role", "user", "content", "a"), Map.of("role", "system", "content", "b")), PLAIN));
        assertEquals("Message 1 is a system message; a system message may only come first (or use the systemMessage option)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ChatRequests.chat("hi", options(c -> c.setTopLogprobs(2))));
        assertEquals("topLogprobs needs logprobs=true", e.getMessage());
        ChatRequests.chat("hi", options(c -> {
            c.setTopLogprobs(2);
            c.setLogprobs(true);
        }));
    }

    @Test
    void aRequestObjectTheRouteReusesIsNotChanged() {
        ChatCompletionRequest mine = new ChatCompletionRequest();
        mine.setMessages(new ArrayList<>(List.of(ChatMessage.user("hi"))));
        RequestOptions o = options(c -> {
            c.setModel("m");
            c.setSystemMessage("Be brief.");
            c.setTemperature(0.3);
        });
        ChatCompletionRequest sent = ChatRequests.chat(mine, o);
        assertEquals(2, sent.getMessages().size());
        assertEquals(0.3, sent.getTemperature());
        assertEquals(1, mine.getMessages().size(), "the caller's messages are untouched");
        assertEquals(null, mine.getModel());
        assertEquals(null, mine.getTemperature());
    }

    @Test
    void optionsFillOnlyWhatTheBodyLeftUnset() throws Exception {
        RequestOptions o = options(c -> {
            c.setModel("option-model");
            c.setTemperature(0.9);
            c.setTopP(0.5);
            c.setTopK(20);
            c.setMaxTokens(50);
            c.setStop("X");
            c.setN(2);
            c.setSeed(11L);
            c.setTools("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]");
            c.setToolChoice("auto");
            c.setResponseFormat(ResponseFormatType.json_object);
            c.setReasoningEffort("medium");
            c.setLogprobs(false);
            c.setAdditionalBodyProperty(new LinkedHashMap<>(Map.of("vendor_flag", "2", "extra", "yes")));
        });
        JsonNode body = json("""
                {'model':'body-model','messages':[{'role':'user','content':'hi'}],'temperature':0.1,'max_tokens':5,
                 'tool_choice':'none','vendor_flag':1}
                """);
        assertEquals(json("""
                {'model':'body-model','messages':[{'role':'user','content':'hi'}],'temperature':0.1,'max_tokens':5,
                 'tool_choice':'none','vendor_flag':1,'top_p':0.5,'top_k':20,'stop':['X'],'n':2,'seed':11,
                 'tools':[{'type':'function','function':{'name':'f'}}],'response_format':{'type':'json_object'},
                 'reasoning_effort':'medium','logprobs':false,'extra':'yes'}
                """), wire(ChatRequests.chat(body, o)));
    }

    @Test
    void completionRequests() throws Exception {
        RequestOptions o = options(c -> {
            c.setModel("m");
            c.setMaxTokens(5);
            c.setTemperature(0.2);
            c.setReasoningEffort("low"); // not a completions field: not sent
            c.setAdditionalBodyProperty(new LinkedHashMap<>(Map.of("echo", "true")));
        });
        CompletionRequest one = ChatRequests.completion("Once upon", o);
        assertEquals(json("{'model':'m','prompt':'Once upon','max_tokens':5,'temperature':0.2,'echo':true}"), wire(one));
        CompletionRequest many = ChatRequests.completion(List.of("a", "b"), o);
        assertEquals(json("['a','b']"), wire(many).get("prompt"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.completion("", o));
        assertEquals("The completion input is empty: send a non-empty String", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.completion(List.of(), o));
        assertEquals("The completion input is an empty List: send at least one String", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.completion(List.of("a", ""), o));
        assertEquals("Item 1 of the completion input is an empty String", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.completion(List.of("a", 3), o));
        assertEquals("Item 1 of the completion input is of type Integer; every item must be a String", e.getMessage());
    }

    @Test
    void embeddingRequests() throws Exception {
        RequestOptions o = options(c -> {
            c.setModel("e5");
            c.setAdditionalBodyProperty(new LinkedHashMap<>(Map.of("dimensions", "256")));
        });
        EmbeddingRequest r = ChatRequests.embedding(List.of("a", "b"), o);
        assertEquals(json("{'model':'e5','input':['a','b'],'dimensions':256}"), wire(r));
        assertEquals(List.of("x"), ChatRequests.prompts(List.of("x"), "embedding"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatRequests.prompts(Map.of(), "embedding"));
        assertTrue(e.getMessage().startsWith("The embedding operation cannot use a body of type Map;"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; it accepts String, or a List, array or other Collection of String"), e.getMessage());
    }
}
