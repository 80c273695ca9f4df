package io.github.camelai.component.baseten;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.github.camelai.llm.support.RequestBodies;
import io.github.camelai.llm.model.ChatMessage;
import io.github.camelai.llm.model.ContentPart;
import org.apache.camel.Message;

import static io.github.camelai.component.baseten.AbstractBasetenProducer.abbreviate;
import static io.github.camelai.component.baseten.AbstractBasetenProducer.stringHeader;

/** A binary chat body as an image or audio content part of one user message. */
final class ChatAttachment {

    private static final Pattern IMAGE_MIME = Pattern.compile("image/[A-Za-z0-9.+-]+");
    private static final Pattern AUDIO_FORMAT = Pattern.compile("[A-Za-z0-9]+");

    private ChatAttachment() {
    }

    /**
     * When an image MIME type or an audio format is configured (option or header) and the body is binary
     * ({@code byte[]}, {@code File}, {@code Path}, {@code InputStream}, a Camel file), the body becomes one user
     * message: the {@code prompt} as a text part, then the attachment as an {@code image_url} part holding a
     * {@code data:} URL, or as an {@code input_audio} part. Without either setting, a binary body is the text of the question, read as every operation reads it
     * ({@link RequestBodies#read}); so is any other body.
     */
    static Object body(Message in, BasetenConfiguration cfg) throws Exception {
        Object body = in.getBody();
        String mime = stringHeader(in, BasetenConstants.IMAGE_MIME_TYPE, cfg.getImageMimeType());
        String audio = stringHeader(in, BasetenConstants.AUDIO_FORMAT, cfg.getAudioFormat());
        if (mime == null && audio == null || !RequestBodies.carriesText(body)) {
            // without an attachment setting, bytes, streams and files carry the question's text (an HTTP request's body)
            return RequestBodies.read(in, "chat");
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
}
