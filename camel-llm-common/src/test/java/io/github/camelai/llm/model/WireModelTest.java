package io.github.camelai.llm.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.support.LlmJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireModelTest {

    private static JsonNode tree(String json) throws Exception {
        return LlmJson.MAPPER.readTree(json);
    }

    /** Reads JSON into the model, writes it back, and checks nothing was lost or changed. */
    private static <T> T assertRoundTrip(String json, Class<T> type) throws Exception {
        T value = LlmJson.MAPPER.readValue(json, type);
        JsonNode written = LlmJson.MAPPER.readTree(LlmJson.write(value));
        assertEquals(tree(json), written, "round trip of " + type.getSimpleName());
        return value;
    }

    private static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Test
    void chatCompletionKeepsUnknownFieldsAtEveryLevel() throws Exception {
        String json = q("""
                {'id':'chatcmpl-1','object':'chat.completion','created':1700000000,'model':'m',
                 'system_fingerprint':'fp_1','vendor_flag':{'a':[1,2,{'b':true}]},
                 'choices':[{'index':0,'finish_reason':'tool_calls','logprobs':{'content':[]},'choice_extra':7,
                   'message':{'role':'assistant','content':'Hi','refusal_extra':'x','annotations':[],
                     'tool_calls':[{'index':0,'id':'call_1','type':'function','call_extra':1.5,
                        'function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}','fn_extra':'y'}}]}}],
                 'usage':{'prompt_tokens':10,'completion_tokens':20,'total_tokens':30,
                   'prompt_tokens_details':{'cached_tokens':4},
                   'completion_tokens_details':{'reasoning_tokens':12,'accepted_prediction_tokens':0},
                   'cache_creation_input_tokens':3}}
                """);
        ChatCompletion c = assertRoundTrip(json, ChatCompletion.class);

        assertEquals("fp_1", c.getAdditionalProperty("system_fingerprint"));
        assertEquals(7, c.getChoices().get(0).getAdditionalProperty("choice_extra"));
        ChatMessage m = c.firstMessage();
        assertEquals("Hi", m.text());
        assertEquals("x", m.getAdditionalProperty("refusal_extra"));
        ToolCall call = m.getToolCalls().get(0);
        assertEquals("call_1", call.getId());
        assertEquals("get_weather", call.getFunction().getName());
        assertEquals("{\"city\":\"Paris\"}", call.getFunction().getArguments());
        assertEquals(1.5, call.getAdditionalProperty("call_extra"));
        assertEquals("y", call.getFunction().getAdditionalProperty("fn_extra"));
        assertEquals("tool_calls", c.finishReason());
        Usage u = c.getUsage();
        assertEquals(10, u.getPromptTokens());
        assertEquals(20, u.getCompletionTokens());
        assertEquals(30, u.getTotalTokens());
        assertEquals(12, u.reasoningTokens());
        assertEquals(0, u.getCompletionTokensDetails().getAdditionalProperty("accepted_prediction_tokens"));
        assertEquals(3, u.getAdditionalProperty("cache_creation_input_tokens"));
    }

    @Test
    void toolCallArgumentsAsAJsonObjectAreReadAsTheirJsonTextAndWrittenBackAsAString() throws Exception {
        ToolCall call = LlmJson.MAPPER.readValue(q("""
                {'id':'c1','type':'function','function':{'name':'f','arguments':{ 'city' : 'Paris', 'n' : [1, 2.5, null] }}}"""),
                ToolCall.class);
        assertEquals(q("{'city':'Paris','n':[1,2.5,null]}"), call.getFunction().getArguments());
        // what a later request sends back is the string form every OpenAI-compatible server takes
        assertEquals(tree(q("{'id':'c1','type':'function','function':{'name':'f','arguments':'{\\'city\\':\\'Paris\\',\\'n\\':[1,2.5,null]}'}}")),
                LlmJson.MAPPER.readTree(LlmJson.write(call)));
        ToolCall empty = LlmJson.MAPPER.readValue(q("{'id':'c2','function':{'name':'g','arguments':{}}}"), ToolCall.class);
        assertEquals("{}", empty.getFunction().getArguments());
        ToolCall none = LlmJson.MAPPER.readValue(q("{'id':'c3','function':{'name':'g','arguments':null}}"), ToolCall.class);
        assertNull(none.getFunction().getArguments());
    }

    @Test
    void unknownFieldWithNullValueIsKept() throws Exception {
        String json = q("{'id':'x','choices':[],'service_tier':null}");
        assertRoundTrip(json, ChatCompletion.class);
    }

    @Test
    void contentAsListOfTypedPartsRoundTrips() throws Exception {
        String json = q("""
                {'role':'user','content':[
                  {'type':'text','text':'What is on ','cache_control':{'type':'ephemeral'}},
                  {'type':'image_url','image_url':{'url':'https://x/cat.png','detail':'low','img_extra':1}},
                  {'type':'input_audio','input_audio':{'data':'UklGRg==','format':'wav','audio_extra':true}},
                  {'type':'text','text':'this picture?'},
                  {'type':'future_part','whatever':{'k':'v'}}]}
                """);
        ChatMessage m = assertRoundTrip(json, ChatMessage.class);
        List<?> parts = assertInstanceOf(List.class, m.getContent());
        assertEquals(5, parts.size());
        ContentPart image = assertInstanceOf(ContentPart.class, parts.get(1));
        assertEquals("https://x/cat.png", image.getImageUrl().getUrl());
        assertEquals("low", image.getImageUrl().getDetail());
        ContentPart audio = (ContentPart) parts.get(2);
        assertEquals("wav", audio.getInputAudio().getFormat());
        assertEquals("UklGRg==", audio.getInputAudio().getData());
        assertFalse(audio.getInputAudio().toString().contains("UklGRg=="), "base64 data never printed");
        assertEquals(Map.of("type", "ephemeral"), ((ContentPart) parts.get(0)).getAdditionalProperty("cache_control"));
        assertEquals("What is on this picture?", m.text());
        assertNull(m.reasoningText());
    }

    @Test
    void contentAsStringAndAbsent() throws Exception {
        ChatMessage s = assertRoundTrip(q("{'role':'assistant','content':'plain'}"), ChatMessage.class);
        assertEquals("plain", s.getContent());
        assertEquals("plain", s.text());
        ChatMessage none = assertRoundTrip(q("{'role':'assistant','tool_calls':[]}"), ChatMessage.class);
        assertNull(none.text());
        assertNull(none.reasoningText());
        ChatMessage onlyImage = LlmJson.MAPPER.readValue(
                q("{'role':'user','content':[{'type':'image_url','image_url':{'url':'u'}}]}"), ChatMessage.class);
        assertNull(onlyImage.text(), "no text part: null, not an empty string");
    }

    @Test
    void reasoningPartsWithSummaryAreReasoningNotText() throws Exception {
        String json = q("""
                {'role':'assistant','content':[
                  {'type':'reasoning','summary':[{'type':'summary_text','text':'Think A. '},
                                                 {'type':'summary_text','text':'Think B.'}],'signature':'sig'},
                  {'type':'text','text':'The answer is 4.'}]}
                """);
        ChatMessage m = assertRoundTrip(json, ChatMessage.class);
        assertEquals("The answer is 4.", m.text());
        assertEquals("Think A. Think B.", m.reasoningText());
        ContentPart reasoning = (ContentPart) ((List<?>) m.getContent()).get(0);
        assertEquals("sig", reasoning.getAdditionalProperty("signature"));
    }

    @Test
    void reasoningContentAndReasoningStringFields() throws Exception {
        ChatMessage a = assertRoundTrip(q("{'role':'assistant','content':'4','reasoning_content':'2+2'}"),
                ChatMessage.class);
        assertEquals("2+2", a.reasoningText());
        assertEquals("4", a.text());
        ChatMessage b = assertRoundTrip(q("{'role':'assistant','content':'4','reasoning':'two and two'}"),
                ChatMessage.class);
        assertEquals("two and two", b.reasoningText());
        // an object-shaped reasoning field is kept as JSON, though it is not text
        assertRoundTrip(q("{'role':'assistant','content':'4','reasoning':{'effort':'low'}}"), ChatMessage.class);
    }

    @Test
    void factoriesWriteTheDocumentedShapes() throws Exception {
        assertEquals(tree(q("{'role':'system','content':'s'}")), LlmJson.MAPPER.valueToTree(ChatMessage.system("s")));
        assertEquals(tree(q("{'role':'user','content':'u'}")), LlmJson.MAPPER.valueToTree(ChatMessage.user("u")));
        assertEquals(tree(q("{'role':'assistant','content':'a'}")),
                LlmJson.MAPPER.valueToTree(ChatMessage.assistant("a")));
        assertEquals(tree(q("{'role':'tool','content':'22C','tool_call_id':'call_1'}")),
                LlmJson.MAPPER.valueToTree(ChatMessage.tool("call_1", "22C")));
        ChatMessage parts = ChatMessage.user(List.of(ContentPart.text("look"), ContentPart.imageUrl("data:image/png;base64,AA"),
                ContentPart.inputAudio("QUJD", "mp3")));
        assertEquals(tree(q("""
                {'role':'user','content':[{'type':'text','text':'look'},
                  {'type':'image_url','image_url':{'url':'data:image/png;base64,AA'}},
                  {'type':'input_audio','input_audio':{'data':'QUJD','format':'mp3'}}]}
                """)), LlmJson.MAPPER.valueToTree(parts));
    }

    @Test
    void toolDefinitionsRoundTripAndFactory() throws Exception {
        String json = q("""
                {'type':'function','tool_extra':1,'function':{'name':'get_weather','description':'Weather',
                 'parameters':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']},
                 'strict':true,'fn_extra':[1]}}
                """);
        ToolDefinition t = assertRoundTrip(json, ToolDefinition.class);
        assertEquals("get_weather", t.getFunction().getName());
        assertEquals(Boolean.TRUE, t.getFunction().getStrict());
        assertEquals("string", t.getFunction().getParameters().at("/properties/city/type").asText());

        ToolDefinition built = ToolDefinition.function("f", "does f", tree(q("{'type':'object'}")));
        assertEquals(tree(q("{'type':'function','function':{'name':'f','description':'does f','parameters':{'type':'object'}}}")),
                LlmJson.MAPPER.valueToTree(built));
        assertEquals(tree(q("{'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}}")),
                LlmJson.MAPPER.valueToTree(ToolCall.function("c1", "f", "{}")));
    }

    @Test
    void usageReasoningTokensFromEitherPlace() throws Exception {
        Usage nested = LlmJson.MAPPER.readValue(q("{'completion_tokens_details':{'reasoning_tokens':5}}"), Usage.class);
        assertEquals(5, nested.reasoningTokens());
        Usage top = assertRoundTrip(q("{'prompt_tokens':1,'completion_tokens':2,'total_tokens':3,'reasoning_tokens':9}"),
                Usage.class);
        assertEquals(9, top.reasoningTokens());
        assertEquals(9, top.getReasoningTokens());
        Usage none = LlmJson.MAPPER.readValue(q("{'total_tokens':3}"), Usage.class);
        assertNull(none.reasoningTokens());
    }

    @Test
    void chatChunkRoundTripAndAccessors() throws Exception {
        String json = q("""
                {'id':'c','object':'chat.completion.chunk','created':1,'model':'m','chunk_extra':'e',
                 'choices':[{'index':0,'delta':{'role':'assistant','content':'Hel','delta_extra':2,
                   'tool_calls':[{'index':0,'id':'call_1','function':{'arguments':'{\\'a'}}]},
                   'finish_reason':'stop','logprobs':null}],
                 'usage':{'prompt_tokens':1,'completion_tokens':1,'total_tokens':2}}
                """);
        ChatCompletionChunk chunk = LlmJson.MAPPER.readValue(json, ChatCompletionChunk.class);
        assertTrue(chunk.hasChoices());
        assertEquals("Hel", chunk.text());
        assertEquals("stop", chunk.finishReason());
        assertEquals(2, chunk.getUsage().getTotalTokens());
        assertEquals("e", chunk.getAdditionalProperty("chunk_extra"));
        assertEquals(2, chunk.getChoices().get(0).getDelta().getAdditionalProperty("delta_extra"));
        assertEquals(0, chunk.getChoices().get(0).getDelta().getToolCalls().get(0).getIndex());
        JsonNode written = LlmJson.MAPPER.readTree(LlmJson.write(chunk));
        // the null logprobs is the one thing not written back (null means absent on every OpenAI-compatible API)
        JsonNode expected = tree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("choices").get(0)).remove("logprobs");
        assertEquals(expected, written);

        ChatCompletionChunk usageOnly = LlmJson.MAPPER.readValue(q("{'choices':[],'usage':{'total_tokens':2}}"),
                ChatCompletionChunk.class);
        assertFalse(usageOnly.hasChoices());
        assertNull(usageOnly.text());
        assertNull(usageOnly.finishReason());
    }

    @Test
    void completionRoundTripAndAccessors() throws Exception {
        String json = q("""
                {'id':'cmpl-1','object':'text_completion','created':2,'model':'m','cmpl_extra':true,
                 'choices':[{'index':0,'text':'Once','finish_reason':'length','logprobs':{'tokens':['Once']},'c_extra':1},
                            {'index':1,'text':'Twice','finish_reason':'stop'}],
                 'usage':{'prompt_tokens':3,'completion_tokens':2,'total_tokens':5}}
                """);
        Completion c = assertRoundTrip(json, Completion.class);
        assertEquals("Once", c.text());
        assertEquals("length", c.finishReason());
        assertTrue(c.hasChoices());
        assertEquals("Twice", c.getChoices().get(1).getText());
        assertEquals(1, c.getChoices().get(0).getAdditionalProperty("c_extra"));

        String request = q("""
                {'model':'m','prompt':['a','b'],'max_tokens':5,'temperature':0.5,'top_p':0.9,'top_k':40,
                 'stop':['\\n'],'n':2,'seed':7,'logprobs':2,'stream':true,'stream_options':{'include_usage':true},
                 'echo':false}
                """);
        CompletionRequest r = assertRoundTrip(request, CompletionRequest.class);
        assertEquals(List.of("a", "b"), r.getPrompt());
        assertEquals(false, r.getAdditionalProperty("echo"));
    }

    @Test
    void chatRequestRoundTrip() throws Exception {
        String json = q("""
                {'model':'m','messages':[{'role':'system','content':'be brief'},{'role':'user','content':'hi','name':'bob'},
                   {'role':'assistant','tool_calls':[{'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}}]},
                   {'role':'tool','tool_call_id':'c1','content':'42'}],
                 'max_tokens':10,'temperature':0.2,'top_p':1.0,'top_k':5,'stop':['END'],'n':1,'seed':3,
                 'tools':[{'type':'function','function':{'name':'f','parameters':{'type':'object'}}}],
                 'tool_choice':{'type':'function','function':{'name':'f'}},
                 'response_format':{'type':'json_object'},'logprobs':true,'top_logprobs':2,'reasoning_effort':'low',
                 'stream':true,'stream_options':{'include_usage':true},'parallel_tool_calls':false,
                 'chat_template_kwargs':{'enable_thinking':false}}
                """);
        ChatCompletionRequest r = assertRoundTrip(json, ChatCompletionRequest.class);
        assertEquals(4, r.getMessages().size());
        assertEquals("c1", r.getMessages().get(3).getToolCallId());
        assertEquals(Map.of("enable_thinking", false), r.getAdditionalProperty("chat_template_kwargs"));
    }

    @Test
    void chatRequestAcceptsStopAsASingleString() throws Exception {
        // OpenAI documents stop as "string or array"; a full request body must not fail on the string form
        ChatCompletionRequest r = LlmJson.MAPPER.readValue(q("{'messages':[{'role':'user','content':'x'}],'stop':'END'}"),
                ChatCompletionRequest.class);
        assertEquals(List.of("END"), r.getStop());
        CompletionRequest c = LlmJson.MAPPER.readValue(q("{'prompt':'x','stop':'END'}"), CompletionRequest.class);
        assertEquals(List.of("END"), c.getStop());
    }

    @Test
    void embeddingsAsFloatArrays() throws Exception {
        String json = q("""
                {'object':'list','model':'e5','data':[{'object':'embedding','index':1,'embedding':[0.5,-1.25,3.0]},
                                                      {'object':'embedding','index':0,'embedding':[1.0E-3,2]}],
                 'usage':{'prompt_tokens':4,'total_tokens':4},'emb_extra':'z'}
                """);
        EmbeddingResponse r = LlmJson.MAPPER.readValue(json, EmbeddingResponse.class);
        assertArrayEquals(new float[] { 0.5f, -1.25f, 3.0f }, r.getData().get(0).getEmbedding());
        assertArrayEquals(new float[] { 0.001f, 2f }, r.getData().get(1).getEmbedding());
        assertEquals(1, r.getData().get(0).getIndex());
        assertEquals(4, r.getUsage().getPromptTokens());
        assertEquals("z", r.getAdditionalProperty("emb_extra"));
        JsonNode written = LlmJson.MAPPER.readTree(LlmJson.write(r));
        assertEquals(-1.25, written.at("/data/0/embedding/1").asDouble());
        assertEquals("z", written.get("emb_extra").asText());

        EmbeddingRequest req = assertRoundTrip(q("{'model':'e5','input':['a','b'],'encoding_format':'float','dimensions':8,"
                                                 + "'user':'u','truncate':true}"), EmbeddingRequest.class);
        assertEquals(List.of("a", "b"), req.getInput());
        assertEquals(8, req.getDimensions());
        assertRoundTrip(q("{'model':'e5','input':'one'}"), EmbeddingRequest.class);
    }
}
