package io.voiceagents.gateway.api.ws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.voiceagents.gateway.application.port.MediaStreamSocket;

/**
 * Writes a session's audio, marks and clears as Media Streams JSON on its socket. The messages are small
 * and fixed in shape, so they are written by hand (no object mapping per 20 ms frame); the stream SID and
 * mark names are JSON-escaped. Writes are queued on the connection's event loop and never awaited.
 */
final class WebSocketMediaSocket implements MediaStreamSocket {

    /** Close reasons travel in a control frame: at most 123 bytes. */
    private static final int MAX_REASON_BYTES = 123;
    private static final Logger LOG = Logger.getLogger(WebSocketMediaSocket.class);

    private final WebSocketConnection connection;
    private final String mediaPrefix;
    private final String markPrefix;
    private final String clear;
    private volatile boolean writeFailed;

    WebSocketMediaSocket(WebSocketConnection connection, String streamSid) {
        this.connection = connection;
        String sid = Json.string(streamSid);
        this.mediaPrefix = "{\"event\":\"media\",\"streamSid\":" + sid + ",\"media\":{\"payload\":\"";
        this.markPrefix = "{\"event\":\"mark\",\"streamSid\":" + sid + ",\"mark\":{\"name\":";
        this.clear = "{\"event\":\"clear\",\"streamSid\":" + sid + "}";
    }

    @Override
    public void sendAudio(byte[] muLaw, int offset, int length) {
        byte[] frame = offset == 0 && length == muLaw.length ? muLaw : java.util.Arrays.copyOfRange(muLaw, offset, offset + length);
        send(mediaPrefix + Base64.getEncoder().encodeToString(frame) + "\"}}");
    }

    @Override
    public void sendMark(String name) {
        send(markPrefix + Json.string(name) + "}}");
    }

    @Override
    public void sendClear() {
        send(clear);
    }

    @Override
    public void close(String reason) {
        if (connection.isClosed()) {
            return;
        }
        connection.close(new CloseReason(CloseReason.NORMAL.getCode(), truncate(reason))).subscribe().with(
                done -> {
                }, failure -> LOG.debugf("closing a media stream failed: %s", failure.getMessage()));
    }

    /** Closes with code 1008 (policy violation): the peer broke the rules (bad token, no call). */
    void refuse(String reason) {
        if (connection.isClosed()) {
            return;
        }
        connection.close(new CloseReason(1008, truncate(reason))).subscribe().with(done -> {
        }, failure -> LOG.debugf("closing a media stream failed: %s", failure.getMessage()));
    }

    private void send(String json) {
        if (connection.isClosed()) {
            return;
        }
        connection.sendText(json).subscribe().with(done -> {
        }, failure -> {
            if (!writeFailed) {
                writeFailed = true; // once per socket: a dead socket fails every write after the first
                LOG.debugf("writing to media stream %s failed: %s", connection.id(), failure.getMessage());
            }
        });
    }

    private static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        return new String(bytes, 0, MAX_REASON_BYTES, StandardCharsets.UTF_8).replace("\uFFFD", "");
    }

    /** Minimal JSON string quoting for identifiers and mark names. */
    static final class Json {

        private Json() {
        }

        static String string(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
