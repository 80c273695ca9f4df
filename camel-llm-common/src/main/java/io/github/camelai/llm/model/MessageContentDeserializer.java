package io.github.camelai.llm.model;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

/** Message content is a string or a list of typed parts; keep each as what it is. */
final class MessageContentDeserializer extends JsonDeserializer<Object> {

    private static final TypeReference<List<ContentPart>> PARTS = new TypeReference<>() {
    };

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (token == JsonToken.START_ARRAY) {
            return ctxt.readValue(p, ctxt.getTypeFactory().constructType(PARTS));
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        // an object or a scalar nobody documented: keep it as generic JSON rather than fail the whole response
        return ctxt.readTree(p);
    }
}
