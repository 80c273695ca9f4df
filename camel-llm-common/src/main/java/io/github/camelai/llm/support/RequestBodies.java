package io.github.camelai.llm.support;

import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;
import org.apache.camel.util.IOHelper;

/**
 * How every operation reads its body, whatever consumer handed it over. An HTTP server gives bytes or a stream
 * (platform-http a stream cache), a file consumer a file: these carry text, read with the exchange's charset
 * ({@link Exchange#CHARSET_NAME}), else the {@code charset} of the message's {@code Content-Type}, else UTF-8. When
 * the message's {@code Content-Type} is JSON, the text is a full request, read as a {@code Map} or a {@code List} (the
 * same as a route handing over a {@code Map}); any other text is one prompt, a {@code String}. A {@code String} body
 * stays a prompt whatever the headers say: a route that builds its prompt must not see it parsed because the request
 * that started the route was JSON. A form post, which platform-http hands over as a {@code Map} of its fields, is
 * refused with the ways to send text instead.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body as the operations take it: carried text as a {@code String} prompt, or, under a JSON
     * {@code Content-Type}, as the JSON value it holds; any other body as it is.
     *
     * @param  operation                the operation, named in error messages
     * @throws IllegalArgumentException for a form post, text that cannot be decoded, or invalid JSON, naming the fix
     */
    public static Object read(Message in, String operation) {
        Object body = in.getBody();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (body instanceof Map<?, ?> fields && isForm(contentType)) {
            throw new IllegalArgumentException("The " + operation + " body is a form post (Content-Type: "
                                               + mediaType(contentType) + "), which the HTTP consumer hands over as "
                                               + "form fields " + ShortText.abbreviate(fields.keySet().toString(), 80)
                                               + ": send the text with Content-Type: text/plain (curl -H 'Content-Type: "
                                               + "text/plain' --data-binary 'your question' ...), a JSON request with "
                                               + "Content-Type: application/json, or pick the field in the route "
                                               + "(setBody with simple ${body[prompt]})");
        }
        if (!carriesText(body)) {
            return body;
        }
        String text = text(in, operation);
        if (!isJson(contentType)) {
            return text;
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("The " + operation + " body is empty but its Content-Type is "
                                               + mediaType(contentType) + ": send a JSON request, or text with "
                                               + "Content-Type: text/plain");
        }
        try {
            Object value = LlmJson.MAPPER.readValue(text, Object.class);
            LlmJson.checkDepth(value, "The " + operation + " body");
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The " + operation + " body is declared JSON (Content-Type: "
                                               + mediaType(contentType) + ") but is not valid JSON: "
                                               + e.getOriginalMessage()
                                               + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                                                                                 + ", column " + e.getLocation().getColumnNr())
                                               + "; fix the JSON, or send the text as one prompt with Content-Type: "
                                               + "text/plain", e);
        }
    }

    /**
     * Whether a body is text in a container: bytes, a stream, a reader, a stream cache, a file or a path. A
     * {@code String} is text already and is not one of them.
     */
    public static boolean carriesText(Object body) {
        return body instanceof byte[] || body instanceof ByteBuffer || body instanceof InputStream
               || body instanceof Reader || body instanceof StreamCache || body instanceof File || body instanceof Path
               || body instanceof WrappedFile<?>;
    }

    /**
     * The text a body carries (see {@link #carriesText}), through Camel's type converters, decoded strictly: bytes
     * that are not text in the charset fail, saying so, instead of reaching the model as replacement characters.
     */
    public static String text(Message in, String operation) {
        Object body = in.getBody();
        if (body instanceof CharSequence s) {
            return s.toString();
        }
        Exchange exchange = in.getExchange();
        if (body instanceof Reader) {
            // characters already: whoever made the reader decoded them
            return convert(exchange, String.class, body, operation);
        }
        Charset charset = charset(in);
        if (body instanceof StreamCache cache) {
            // another step may have read it: start from the beginning, and leave it readable for the next one
            cache.reset();
        }
        byte[] bytes;
        if (body instanceof ByteBuffer buffer) {
            // a copy of its remaining bytes that leaves its position alone: a retry reads it again
            bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
        } else {
            try {
                bytes = convert(exchange, byte[].class, body, operation);
            } finally {
                if (body instanceof StreamCache cache) {
                    cache.reset();
                }
            }
            if (body instanceof InputStream && !(body instanceof StreamCache)) {
                // a stream reads once: keep its bytes, so that a redelivery reads the same text
                in.setBody(bytes);
            }
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The " + operation + " body (" + BodyTexts.typeName(body) + ", "
                                               + bytes.length + " bytes) is not " + charset.name() + " text; send "
                                               + "text, set the exchange property " + Exchange.CHARSET_NAME
                                               + " (or the charset of Content-Type) to its charset"
                                               + ("chat".equals(operation)
                                                       ? ", or, on baseten:chat, set imageMimeType or audioFormat to "
                                                         + "send it as an attachment"
                                                       : ""),
                    e);
        }
    }

    private static <T> T convert(Exchange exchange, Class<T> type, Object body, String operation) {
        try {
            return exchange.getContext().getTypeConverter().mandatoryConvertTo(type, exchange, body);
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read the " + operation + " body (" + BodyTexts.typeName(body)
                                               + "): " + e.getMessage(), e);
        }
    }

    /** The exchange's charset, else the {@code Content-Type}'s, else UTF-8. */
    static Charset charset(Message in) {
        String name = in.getExchange().getProperty(Exchange.CHARSET_NAME, String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if ((name == null || name.isBlank()) && contentType != null) {
            name = IOHelper.getCharsetNameFromContentType(contentType);
        }
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim().replace("\"", ""));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("Unknown charset '" + ShortText.abbreviate(name, 40) + "' (from "
                                               + Exchange.CHARSET_NAME + " or Content-Type): use a charset such as "
                                               + "UTF-8", e);
        }
    }

    /** {@code application/json} and {@code application/*+json} ({@code application/vnd.api+json}, ...). */
    static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type != null && (type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean isForm(String contentType) {
        String type = mediaType(contentType);
        return "application/x-www-form-urlencoded".equals(type) || "multipart/form-data".equals(type);
    }

    /** The media type of a {@code Content-Type}, lower case, without parameters; {@code null} when there is none. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }
}
