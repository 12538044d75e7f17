package io.voiceagents.testkit.twilio.media;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * The application's messages on a Media Streams socket, checked and acted on as Twilio does: {@code media} is queued
 * for playout, {@code mark} is echoed once the audio queued before it has played, {@code clear} drops the queued
 * audio and echoes pending marks at once. Anything Twilio would reject goes to the protocol errors and is otherwise
 * ignored. Not thread-safe: the caller's lock guards it (messages are parsed before, without the lock).
 */
final class AgentMessages {

    private final String streamSid;
    private final Playback playback;
    private final StreamSender sender;
    private final Consumer<String> errors;

    AgentMessages(String streamSid, Playback playback, StreamSender sender, Consumer<String> errors) {
        this.streamSid = streamSid;
        this.playback = playback;
        this.sender = sender;
        this.errors = errors;
    }

    /** A message that was not plainly shaped media (see {@link StreamMessages#mediaPayload}), as a JSON tree. */
    void onMessage(long now, JsonNode msg, String text) {
        String event = msg.path("event").asText("");
        if (!event.isEmpty() && !streamSid.equals(msg.path("streamSid").asText(null))) {
            errors.accept(event + " with streamSid " + msg.path("streamSid") + ", expected " + streamSid);
            return;
        }
        switch (event) {
            case "media" -> media(now, msg);
            case "mark" -> {
                String name = msg.path("mark").path("name").asText("");
                if (!msg.path("mark").path("name").isTextual() || name.isEmpty()) {
                    errors.accept("mark without mark.name: " + abbreviate(text));
                } else if (playback.onMark(now, name)) {
                    sender.markEcho(name);
                }
            }
            case "clear" -> {
                for (String name : playback.onClear(now)) {
                    sender.markEcho(name);
                }
            }
            default -> errors.accept("unknown event '" + event + "': " + abbreviate(text));
        }
    }

    private void media(long now, JsonNode msg) {
        JsonNode payload = msg.path("media").path("payload");
        if (!payload.isTextual() || payload.asText().isEmpty()) {
            errors.accept("media without media.payload");
            return;
        }
        byte[] audio = StreamMessages.decodePayload(payload.asText());
        if (audio == null) {
            errors.accept("media payload is not base64");
        } else {
            onMedia(now, audio);
        }
    }

    /** The agent's audio, decoded: queued for playout unless it is a WAV file. */
    void onMedia(long now, byte[] audio) {
        if (audio.length >= 4 && audio[0] == 'R' && audio[1] == 'I' && audio[2] == 'F' && audio[3] == 'F') {
            errors.accept("media payload starts with a WAV header: Twilio plays raw mu-law 8 kHz, the header would be noise");
        } else {
            playback.onMedia(now, audio);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
