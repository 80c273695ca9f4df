package io.github.camelai.component.baseten;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelai.llm.support.BodyTexts;
import io.github.camelai.llm.error.LlmException;
import io.github.camelai.llm.http.LlmHttpResponse;
import io.github.camelai.llm.support.ChatRequests;
import io.github.camelai.llm.support.LlmJson;
import io.github.camelai.llm.support.RequestBodies;
import org.apache.camel.Message;

import static io.github.camelai.component.baseten.AbstractBasetenProducer.abbreviate;

/** The JSON a predict call sends and the body its answer becomes. */
final class PredictBody {

    private static final String PREDICT_TYPES
            = "any JSON value: Map, List, JsonNode, a POJO Jackson can write, or JSON text (String, byte[], InputStream, a file)";

    private PredictBody() {
    }

    /**
     * A model input as JSON, for predict and async-predict: a Map, List, JsonNode or POJO as it is; text, bytes or a
     * stream must be JSON text. Fails before any call, naming the accepted types.
     *
     * @param  in        the message whose body is read
     * @param  operation the operation name for messages, e.g. {@code predict}
     * @return           a fresh JSON tree the caller may modify
     */
    static JsonNode json(Message in, String operation) throws Exception {
        Object body = in.getBody();
        if (body == null) {
            throw ChatRequests.unsupported(operation, null, PREDICT_TYPES);
        }
        if (body instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (body instanceof CharSequence || RequestBodies.carriesText(body)) {
            String text = RequestBodies.text(in, operation);
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
            throw new IllegalArgumentException("The " + operation + " body of type " + BodyTexts.typeName(body)
                                               + " cannot be written as JSON: " + e.getMessage()
                                               + "; it accepts " + PREDICT_TYPES, e);
        }
    }

    /** Parsed JSON ({@code Map}, {@code List}, String, number, boolean) when the answer is JSON, else text. */
    static Object answer(LlmHttpResponse response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return null;
        }
        String type = response.header("content-type");
        boolean json = type != null && type.toLowerCase(Locale.ROOT).contains("json");
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
}
