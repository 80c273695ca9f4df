package io.github.camelai.component.baseten;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpRequest;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.model.ChatCompletion;
import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.model.ContentPart;
import io.github.camelai.llm.model.Usage;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.ChatResults;
import io.github.camelai.llm.support.LlmCalls;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.StreamOutput;
import io.github.camelai.llm.stream.DecodedStreamCollector;
import io.github.camelai.llm.stream.DecodedStreamIterator;
import io.github.camelai.llm.stream.StreamDecoder;
import io.github.camelai.llm.stream.StreamItemHandler;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The synchronous operations: chat, completion, embedding, rerank and predict. Every call is asynchronous on the
 * wire (no Camel thread waits for the model); the exchange continues on the component's continuation executor.
 * Bad input fails the exchange before any HTTP call.
 */
public class BasetenProducer extends DefaultAsyncProducer {

    /** The HTTP header Baseten routes related requests to one replica by. */
    public static final String SESSION_AFFINITY_HEADER = "x-session-affinity";

    private static final Pattern IMAGE_MIME = Pattern.compile("image/[A-Za-z0-9.+-]+");
    private static final Pattern AUDIO_FORMAT = Pattern.compile("[A-Za-z0-9]+");
    private static final int MAX_AFFINITY_LENGTH = 256;

    private final BasetenEndpoint endpoint;

    public BasetenProducer(BasetenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public BasetenEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Message in = exchange.getMessage();
            RequestOptions o = endpoint.requestOptions().withHeaders(in, endpoint.headers(), exchange.getContext());
            switch (endpoint.getOperation()) {
                case CHAT:
                    return chat(exchange, callback, o);
                case COMPLETION:
                    return completion(exchange, callback, o);
                case EMBEDDING:
                    return embedding(exchange, callback, o);
                case RERANK:
                    return rerank(exchange, callback, o);
                case PREDICT:
                    return predict(exchange, callback, o);
                default:
                    // async-* are served by BasetenAsyncProducer, webhook by BasetenWebhookConsumer
                    throw new UnsupportedOperationException("baseten:" + endpoint.getOperation()
                                                            + " is not a synchronous operation");
            }
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    // ---- chat ----

    private boolean chat(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        Message in = exchange.getMessage();
        ChatCompletionRequest req = ChatRequests.chat(withAttachment(in), o);
        requireModelOnModelApis(req.getModel());
        streamOptions(req, o);
        return endpoint.calls().chat(exchange, callback, endpoint.target().chatCompletionsUrl(), extraHeaders(in),
                req, o);
    }

    /** Asks for usage in streamed answers (Baseten's engines send it anyway; vLLM-style servers need this). */
    private static void streamOptions(ChatCompletionRequest req, RequestOptions o) {
        if (o.streaming && req.getStreamOptions() == null) {
            req.setStreamOptions(includeUsage());
        }
    }

    private static Map<String, Object> includeUsage() {
        Map<String, Object> so = new LinkedHashMap<>();
        so.put("include_usage", true);
        return so;
    }

    /**
     * When an image MIME type or an audio format is configured (option or header) and the body is binary
     * ({@code byte[]}, {@code File}, {@code Path}, {@code InputStream}, a Camel file), the body becomes one user
     * message: the {@code prompt} as a text part, then the attachment as an {@code image_url} part holding a
     * {@code data:} URL, or as an {@code input_audio} part. A binary body without either setting is refused, saying
     * what to set. Any other body is returned as it is.
     */
    private Object withAttachment(Message in) throws Exception {
        Object body = in.getBody();
        BasetenConfiguration cfg = endpoint.getConfiguration();
        String mime = stringHeader(in, BasetenConstants.IMAGE_MIME_TYPE, cfg.getImageMimeType());
        String audio = stringHeader(in, BasetenConstants.AUDIO_FORMAT, cfg.getAudioFormat());
        boolean binary = body instanceof byte[] || body instanceof File || body instanceof Path
                         || body instanceof InputStream || body instanceof WrappedFile<?>;
        if (!binary) {
            return body;
        }
        if (mime == null && audio == null) {
            throw new IllegalArgumentException("A binary chat body (" + body.getClass().getName() + ") is sent as an "
                                               + "attachment: set imageMimeType (e.g. image/png) or audioFormat (e.g. "
                                               + "wav), as an option or as header " + BasetenConstants.IMAGE_MIME_TYPE
                                               + " / " + BasetenConstants.AUDIO_FORMAT);
        }
        if (mime != null && audio != null) {
            throw new IllegalArgumentException("Both imageMimeType and audioFormat are set: a binary body is one "
                                               + "attachment, either an image or audio");
        }
        byte[] bytes = in.getMandatoryBody(byte[].class);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("The attachment body is empty");
        }
        String b64 = Base64.getEncoder().encodeToString(bytes);
        List<ContentPart> parts = new ArrayList<>(2);
        String prompt = stringHeader(in, BasetenConstants.PROMPT, cfg.getPrompt());
        if (prompt != null) {
            parts.add(ContentPart.text(prompt));
        }
        if (mime != null) {
            if (!IMAGE_MIME.matcher(mime).matches()) {
                throw new IllegalArgumentException("imageMimeType '" + abbreviate(mime)
                                                   + "' is not an image MIME type such as image/png or image/jpeg");
            }
            parts.add(ContentPart.imageUrl("data:" + mime + ";base64," + b64));
        } else {
            if (!AUDIO_FORMAT.matcher(audio).matches()) {
                throw new IllegalArgumentException("audioFormat '" + abbreviate(audio)
                                                   + "' is not an audio format such as wav or mp3");
            }
            parts.add(ContentPart.inputAudio(b64, audio));
        }
        List<ChatMessage> messages = new ArrayList<>(1);
        messages.add(ChatMessage.user(parts));
        return messages;
    }

    // ---- completion ----

    private boolean completion(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        Message in = exchange.getMessage();
        Map<String, String> extra = extraHeaders(in);
        BasetenTarget target = endpoint.target();
        if (target.isDedicated()) {
            CompletionRequest req = ChatRequests.completion(in.getBody(), o);
            if (o.streaming && req.getStreamOptions() == null) {
                // as for chat: vLLM-style engines report usage in a stream only when asked
                req.setStreamOptions(includeUsage());
            }
            return endpoint.calls().completion(exchange, callback, target.syncV1Url("completions"), extra, req, o);
        }
        // Model APIs serve chat only: a prompt is sent as a one-message chat
        Object prompts = ChatRequests.prompts(in.getBody(), "completion");
        if (prompts instanceof String prompt) {
            ChatCompletionRequest req = ChatRequests.chat(prompt, o);
            requireModelOnModelApis(req.getModel());
            streamOptions(req, o);
            return endpoint.calls().chat(exchange, callback, target.chatCompletionsUrl(), extra, req, o);
        }
        if (o.streaming) {
            throw new IllegalArgumentException("A streamed completion takes one prompt (a String); a List of prompts "
                                               + "is answered without streaming");
        }
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) prompts;
        List<CompletableFuture<ChatCompletion>> answers = new ArrayList<>(list.size());
        for (String prompt : list) {
            ChatCompletionRequest req = ChatRequests.chat(prompt, o);
            requireModelOnModelApis(req.getModel());
            answers.add(endpoint.calls().client()
                    .send(LlmCalls.request(target.chatCompletionsUrl(), req, extra))
                    .thenApply(r -> LlmJson.read(r.body(), ChatCompletion.class, "the chat completion")));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete(
                (v, error) -> endpoint.calls().finish(exchange, callback, error, () -> {
                    Message out = exchange.getMessage();
                    List<ChatCompletion> completions = answers.stream().map(CompletableFuture::join).toList();
                    Usage usage = new Usage();
                    int prompt = 0;
                    int generated = 0;
                    int total = 0;
                    for (ChatCompletion c : completions) {
                        if (c.getUsage() != null) {
                            prompt += nz(c.getUsage().getPromptTokens());
                            generated += nz(c.getUsage().getCompletionTokens());
                            total += nz(c.getUsage().getTotalTokens());
                        }
                    }
                    usage.setPromptTokens(prompt);
                    usage.setCompletionTokens(generated);
                    usage.setTotalTokens(total);
                    ChatResults.common(out, null, completions.get(0).getModel(), null, usage, endpoint.headers());
                    if (o.fullResponse) {
                        out.setBody(completions);
                    } else {
                        out.setBody(completions.stream().map(c -> c.firstMessage() == null ? null
                                : c.firstMessage().text()).toList());
                    }
                }));
        return false;
    }

    // ---- embedding ----

    private boolean embedding(Exchange exchange, AsyncCallback callback, RequestOptions o) {
        Message in = exchange.getMessage();
        return endpoint.calls().embedding(exchange, callback, endpoint.target().syncV1Url("embeddings"),
                extraHeaders(in, endpoint.getConfiguration()), in.getBody(), o, endpoint.getConfiguration().getBatchSize(),
                input -> ChatRequests.embedding(input, o));
    }

    // ---- rerank ----

    private boolean rerank(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        Message in = exchange.getMessage();
        BasetenConfiguration cfg = endpoint.getConfiguration();
        List<String> texts = rerankTexts(in.getBody());
        String query = stringHeader(in, BasetenConstants.QUERY, cfg.getQuery());
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("rerank needs a query: set the query option or the "
                                               + BasetenConstants.QUERY + " header");
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("query", query);
        req.put("texts", texts);
        putIfSet(req, "raw_scores", cfg.getRawScores());
        putIfSet(req, "return_text", cfg.getReturnText());
        putIfSet(req, "truncate", cfg.getTruncate());
        o.additional.forEach(req::putIfAbsent);
        LlmHttpRequest request = LlmCalls.request(endpoint.target().rerankUrl(), req, extraHeaders(in));
        return endpoint.calls().call(exchange, callback, request,
                (out, response) -> out.setBody(rerankResult(response, texts.size())));
    }

    private static List<String> rerankTexts(Object body) {
        List<?> list;
        if (body instanceof List<?> l) {
            list = l;
        } else if (body instanceof String[] a) {
            list = List.of(a);
        } else {
            throw ChatRequests.unsupported("rerank", body, "List of String (the texts to rank against the query)");
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("The rerank body is an empty List: send at least one text");
        }
        List<String> texts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof CharSequence s)) {
                throw new IllegalArgumentException("Item " + i + " of the rerank body is not a String");
            }
            texts.add(s.toString());
        }
        return texts;
    }

    /** {@code [{index, score, text?}]}, best first; also accepts the list wrapped in {@code data} or {@code results}. */
    static List<Map<String, Object>> rerankResult(LlmHttpResponse response, int inputs) {
        JsonNode root;
        try {
            root = LlmJson.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new LlmException("Cannot read the rerank answer: " + e.getMessage(), e);
        }
        JsonNode items = root;
        if (root != null && root.isObject()) {
            items = root.has("data") ? root.get("data") : root.get("results");
        }
        if (items == null || !items.isArray()) {
            throw new LlmException("The rerank answer is not a list of {index, score}: "
                                   + abbreviate(response.bodyAsString()));
        }
        List<Map<String, Object>> result = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            JsonNode index = item.get("index");
            JsonNode score = item.has("score") ? item.get("score") : item.get("relevance_score");
            if (index == null || !index.canConvertToInt() || score == null || !score.isNumber()) {
                throw new LlmException("The rerank answer has an item without a numeric index and score: "
                                       + abbreviate(item.toString()));
            }
            if (index.asInt() < 0 || index.asInt() >= inputs) {
                throw new LlmException("The rerank answer has index " + index.asInt() + " for " + inputs + " texts");
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", index.asInt());
            r.put("score", score.asDouble());
            JsonNode text = item.get("text");
            if (text != null && text.isTextual()) {
                r.put("text", text.asText());
            }
            result.add(r);
        }
        result.sort(Comparator.comparing((Map<String, Object> m) -> (Double) m.get("score")).reversed());
        return result;
    }

    // ---- predict ----

    private boolean predict(Exchange exchange, AsyncCallback callback, RequestOptions o) throws Exception {
        Message in = exchange.getMessage();
        JsonNode input = jsonBody(in, "predict");
        if (o.streaming && input instanceof ObjectNode obj && !obj.has("stream")) {
            obj.put("stream", true);
        }
        LlmHttpRequest request = LlmCalls.request(endpoint.target().predictUrl(), input, extraHeaders(in));
        LlmCalls calls = endpoint.calls();
        if (!o.streaming) {
            return calls.call(exchange, callback, request, (out, response) -> out.setBody(predictResult(response)));
        }
        Function<Function<String, String>, StreamDecoder<String>> decoders
                = headers -> new PredictStreamDecoder(headers.apply("content-type"));
        if (o.streamOutput == StreamOutput.iterator) {
            DecodedStreamIterator<String> pieces = new DecodedStreamIterator<>(decoders);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange e) {
                    pieces.close();
                }
            });
            pieces.opened().whenComplete((v, error) -> calls.finish(exchange, callback, error,
                    () -> exchange.getMessage().setBody(pieces)));
            calls.client().stream(request, pieces);
            return false;
        }
        // aggregate: SSE events' data as a List, any other stream as one text
        long start = System.nanoTime();
        long[] firstPiece = { -1 };
        boolean[] sse = { false };
        StringBuilder text = new StringBuilder();
        List<String> events = new ArrayList<>();
        calls.client().stream(request, new DecodedStreamCollector<>(headers -> {
            PredictStreamDecoder decoder = new PredictStreamDecoder(headers.apply("content-type"));
            sse[0] = decoder.isSse();
            return decoder;
        }, new StreamItemHandler<String>() {
            @Override
            public void onItem(String piece) {
                if (firstPiece[0] < 0) {
                    firstPiece[0] = System.nanoTime() - start;
                }
                if (sse[0]) {
                    events.add(piece);
                } else {
                    text.append(piece);
                }
            }

            @Override
            public void onComplete() {
                calls.finish(exchange, callback, null, () -> {
                    Message out = exchange.getMessage();
                    out.setBody(sse[0] ? events : text.toString());
                    if (firstPiece[0] >= 0) {
                        out.setHeader(BasetenConstants.TIME_TO_FIRST_TOKEN, firstPiece[0] / 1_000_000L);
                    }
                });
            }

            @Override
            public void onError(Throwable error) {
                calls.finish(exchange, callback, error, null);
            }
        }));
        return false;
    }

    /**
     * A model input as JSON, for predict and async-predict: a Map, List, JsonNode or POJO as it is; text, bytes or a
     * stream must be JSON text. Fails before any call, naming the accepted types.
     *
     * @param  in        the message whose body is read
     * @param  operation the operation name for messages, e.g. {@code predict}
     * @return           a fresh JSON tree the caller may modify
     */
    static JsonNode jsonBody(Message in, String operation) throws Exception {
        Object body = in.getBody();
        if (body == null) {
            throw ChatRequests.unsupported(operation, null, PREDICT_TYPES);
        }
        if (body instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (body instanceof CharSequence || body instanceof byte[] || body instanceof InputStream
            || body instanceof org.apache.camel.StreamCache) {
            String text = in.getMandatoryBody(String.class);
            if (text.isBlank()) {
                // Jackson reads no content as a missing node, which would go out as the JSON text "null"
                throw new IllegalArgumentException("The " + operation + " body is empty text; send JSON text, or a "
                                                   + "Map, List, JsonNode or POJO");
            }
            try {
                return LlmJson.MAPPER.readTree(text);
            } catch (Exception e) {
                throw new IllegalArgumentException("The " + operation + " body is text but not JSON (" + abbreviate(text)
                                                   + "); send JSON text, or a Map, List, JsonNode or POJO", e);
            }
        }
        try {
            return LlmJson.MAPPER.valueToTree(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + operation + " body of type " + body.getClass().getName()
                                               + " cannot be written as JSON: " + e.getMessage()
                                               + "; it accepts " + PREDICT_TYPES, e);
        }
    }

    private static final String PREDICT_TYPES
            = "any JSON value: Map, List, JsonNode, a POJO Jackson can write, or JSON text (String, byte[], InputStream)";

    /** Parsed JSON ({@code Map}, {@code List}, String, number, boolean) when the answer is JSON, else text. */
    static Object predictResult(LlmHttpResponse response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return null;
        }
        String type = response.header("content-type");
        boolean json = type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
        if (json || type == null) {
            try {
                return LlmJson.MAPPER.readValue(body, Object.class);
            } catch (Exception e) {
                if (json) {
                    throw new LlmException("The predict answer is declared JSON but cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return response.bodyAsString();
    }

    // ---- shared ----

    private void requireModelOnModelApis(String model) {
        if (!endpoint.target().isDedicated() && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("Baseten Model APIs need a model: set the model option (or the "
                                               + BasetenConstants.MODEL + " header) to a Model APIs slug such as "
                                               + "openai/gpt-oss-120b, or set modelId or modelUrl for a dedicated "
                                               + "deployment");
        }
    }

    private Map<String, String> extraHeaders(Message in) {
        return extraHeaders(in, endpoint.getConfiguration());
    }

    /**
     * HTTP headers besides auth and content type: {@code x-session-affinity} from header
     * {@code CamelBasetenSessionAffinity}, else option {@code sessionAffinity}; validated (printable ASCII).
     */
    static Map<String, String> extraHeaders(Message in, BasetenConfiguration cfg) {
        String affinity = stringHeader(in, BasetenConstants.SESSION_AFFINITY, cfg.getSessionAffinity());
        if (affinity == null || affinity.isEmpty()) {
            return Map.of();
        }
        if (affinity.length() > MAX_AFFINITY_LENGTH || affinity.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("sessionAffinity must be up to " + MAX_AFFINITY_LENGTH
                                               + " printable ASCII characters");
        }
        return Map.of(SESSION_AFFINITY_HEADER, affinity);
    }

    private static String stringHeader(Message in, String name, String fallback) {
        Object v = in.getHeader(name);
        if (v == null) {
            return fallback;
        }
        String s = v.toString();
        return s.isBlank() ? fallback : s.trim();
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
