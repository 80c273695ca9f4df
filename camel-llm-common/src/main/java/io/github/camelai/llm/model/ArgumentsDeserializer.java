package io.github.camelai.llm.model;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

/**
 * Tool-call {@code arguments} are JSON text in OpenAI's shape, but some servers (Databricks' reference allows it)
 * send the JSON object itself. Either way the route gets the same compact JSON text, so code that parses the
 * arguments does not care which one arrived.
 */
final class ArgumentsDeserializer extends JsonDeserializer<String> {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        // JsonNode.toString() writes compact JSON, as the string form carries it
        return ctxt.readTree(p).toString();
    }
}
