package io.voiceagents.gateway.api.ws;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.voiceagents.gateway.application.stream.MediaStreamService;

/**
 * Twilio Media Streams ({@code <Connect><Stream url="wss://…/twilio/media">}). The upgrade is signed
 * ({@link TwilioUpgradeCheck}); everything here runs on the connection's event loop and only parses and
 * hands over, so hundreds of calls share a few threads.
 */
@WebSocket(path = "/twilio/media")
public class MediaStreamEndpoint {

    private static final Logger LOG = Logger.getLogger(MediaStreamEndpoint.class);
    private static final UserData.TypedKey<MediaStreamConnection> STATE = new UserData.TypedKey<>("media-stream");

    @Inject
    MediaStreamService service;

    @Inject
    ObjectMapper mapper;

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        connection.userData().put(STATE, new MediaStreamConnection(connection, service, mapper));
    }

    @OnTextMessage
    @NonBlocking
    void message(WebSocketConnection connection, String text) {
        MediaStreamConnection state = connection.userData().get(STATE);
        if (state == null) {
            return;
        }
        try {
            state.onText(text);
        } catch (RuntimeException e) {
            // a bug in handling one message must not end the call's socket
            LOG.errorf(e, "media stream %s: a message could not be handled", connection.id());
        }
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        MediaStreamConnection state = connection.userData().remove(STATE);
        if (state != null) {
            state.onClose();
        }
    }

    @OnError
    @NonBlocking
    void error(WebSocketConnection connection, Throwable error) {
        LOG.debugf("media stream %s: %s", connection.id(), error.toString());
    }
}
