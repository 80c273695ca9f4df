package io.github.camelai.llm.support;

/** {@code response_format} types. */
public enum ResponseFormatType {
    text,
    json_object,
    json_schema
}
