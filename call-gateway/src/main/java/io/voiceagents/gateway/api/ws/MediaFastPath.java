package io.voiceagents.gateway.api.ws;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a {@code media} message — fifty per second per call, nearly all a socket ever carries — with Jackson's
 * streaming parser: only the event, the stream SID, the track and the payload are looked at, and the base64
 * payload is decoded straight from the parser's buffer. No message object and no payload string are made, which
 * the full mapping in {@link MediaStreamConnection} costs per message. Anything that is not a well-formed media
 * message with a payload (another event, bad JSON, bad base64) yields null and goes the full way, which also
 * reports the problem.
 */
final class MediaFastPath {

    /** One media message: {@code streamSid} and {@code track} may be null when absent. */
    record Media(String streamSid, String track, byte[] audio) {
    }

    private MediaFastPath() {
    }

    static Media parse(JsonFactory json, String text) {
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean media = false;
            String streamSid = null;
            String track = null;
            byte[] audio = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "event" -> {
                        if (value != JsonToken.VALUE_STRING || !"media".equals(parser.getText())) {
                            return null;
                        }
                        media = true;
                    }
                    case "streamSid" -> streamSid = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "media" -> {
                        if (value != JsonToken.START_OBJECT) {
                            return null;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = parser.currentName();
                            JsonToken innerValue = parser.nextToken();
                            if ("payload".equals(inner) && innerValue == JsonToken.VALUE_STRING) {
                                audio = parser.getBinaryValue();
                            } else if ("track".equals(inner) && innerValue == JsonToken.VALUE_STRING) {
                                track = parser.getText();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            return media && audio != null ? new Media(streamSid, track, audio) : null;
        } catch (IOException | RuntimeException e) {
            return null; // the full parse reports it
        }
    }
}
