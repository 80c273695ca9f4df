package io.github.camelai.component.baseten;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.camelai.llm.model.ChatCompletionRequest;
import io.github.camelai.llm.model.CompletionRequest;
import io.github.camelai.llm.support.LlmProducer;
import io.github.camelai.llm.support.RequestOptions;
import io.github.camelai.llm.support.ShortText;
import org.apache.camel.Message;

/**
 * What the producers of Baseten's synchronous operations share: the session-affinity header, the model field (the
 * Model APIs' need for one, a dedicated deployment's placeholder), and asking streamed answers for usage. Each operation family has its own producer, chosen in
 * {@link BasetenEndpoint#createProducer()}.
 */
abstract class AbstractBasetenProducer extends LlmProducer<BasetenEndpoint> {

    /** The HTTP header Baseten routes related requests to one replica by. */
    static final String SESSION_AFFINITY_HEADER = "x-session-affinity";

    private static final int MAX_AFFINITY_LENGTH = 256;

    AbstractBasetenProducer(BasetenEndpoint endpoint) {
        super(endpoint);
    }

    BasetenConfiguration configuration() {
        return getEndpoint().getConfiguration();
    }

    void requireModelOnModelApis(String model) {
        if (!getEndpoint().target().isDedicated() && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("Baseten Model APIs need a model: set the model option (or the "
                                               + BasetenConstants.MODEL + " header) to a Model APIs slug such as "
                                               + "openai/gpt-oss-120b, or set modelId or modelUrl for a dedicated "
                                               + "deployment");
        }
    }

    /**
     * The {@code model} of a dedicated deployment's chat, completion and embedding requests when neither the body,
     * the option nor the header names one. OpenAI-compatible engines may refuse a request without the field; engines
     * serving one model ignore its value (Baseten's own examples send this one). A vLLM-style server that checks the
     * name needs the served name in the {@code model} option.
     */
    static final String MODEL_PLACEHOLDER = "not-required";

    /** On a dedicated deployment, {@code model} itself when set, else {@link #MODEL_PLACEHOLDER}. */
    static String modelOrPlaceholder(String model) {
        return model == null || model.isBlank() ? MODEL_PLACEHOLDER : model;
    }

    /** Asks for usage in streamed answers (Baseten's engines send it anyway; vLLM-style servers need this). */
    static void streamOptions(ChatCompletionRequest req, RequestOptions o) {
        if (o.streaming() && req.getStreamOptions() == null) {
            req.setStreamOptions(includeUsage());
        }
    }

    /** As for chat: vLLM-style engines report usage in a stream only when asked. */
    static void streamOptions(CompletionRequest req, RequestOptions o) {
        if (o.streaming() && req.getStreamOptions() == null) {
            req.setStreamOptions(includeUsage());
        }
    }

    private static Map<String, Object> includeUsage() {
        Map<String, Object> so = new LinkedHashMap<>();
        so.put("include_usage", true);
        return so;
    }

    Map<String, String> extraHeaders(Message in) {
        return extraHeaders(in, configuration());
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

    static String stringHeader(Message in, String name, String fallback) {
        Object v = in.getHeader(name);
        if (v == null) {
            return fallback;
        }
        String s = v.toString();
        return s.isBlank() ? fallback : s.trim();
    }

    /**
     * The scoring options rerank and classify share (both run on Baseten's embeddings inference engine), each sent
     * only when set.
     */
    static void putScoringOptions(Map<String, Object> req, BasetenConfiguration cfg) {
        putIfSet(req, "raw_scores", cfg.getRawScores());
        putIfSet(req, "truncate", cfg.getTruncate());
        putIfSet(req, "truncation_direction", cfg.getTruncationDirection());
    }

    static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** A value the user gave, quoted in an error message at the length every Baseten message uses. */
    static String abbreviate(String s) {
        return ShortText.abbreviate(s, 80);
    }
}
