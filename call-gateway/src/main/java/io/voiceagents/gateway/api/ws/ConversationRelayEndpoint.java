package io.voiceagents.gateway.api.ws;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.voiceagents.gateway.application.relay.RelayOutput;
import io.voiceagents.gateway.application.relay.RelaySession;
import io.voiceagents.gateway.application.relay.RelaySessions;
import io.voiceagents.gateway.domain.RelayHandoff;

/**
 * The ConversationRelay socket Twilio opens for a `relay` call (the upgrade's Twilio signature is checked by the
 * upgrade check of /twilio/media and /twilio/relay). The edge only parses frames and hands them to the call's
 * {@link RelaySession}, which queues them for its own worker: every method here runs on the event loop and
 * returns at once. A frame that cannot be parsed is logged and skipped; it never closes the socket.
 */
@WebSocket(path = "/twilio/relay")
public class ConversationRelayEndpoint {

    /** RFC 6455 1008: the session is refused (bad token, unknown call). */
    static final int POLICY_VIOLATION = 1008;
    private static final Logger LOG = Logger.getLogger(ConversationRelayEndpoint.class);
    private static final UserData.TypedKey<RelaySession> SESSION = new UserData.TypedKey<>("relay-session");

    private final RelaySessions sessions;
    private final RelayWire wire;

    @Inject
    public ConversationRelayEndpoint(RelaySessions sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.wire = new RelayWire(json);
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        connection.userData().put(SESSION, sessions.open(new SocketOutput(connection, wire)));
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection connection, String frame) {
        long receivedNanos = System.nanoTime();
        RelaySession session = connection.userData().get(SESSION);
        if (session == null) {
            return;
        }
        try {
            session.receive(wire.parse(frame), receivedNanos);
        } catch (RelayWire.MalformedMessage e) {
            session.malformed(e.getMessage());
        }
    }

    @OnClose
    @NonBlocking
    public void closed(WebSocketConnection connection) {
        RelaySession session = connection.userData().remove(SESSION);
        if (session != null) {
            session.closed();
        }
    }

    @OnError
    @NonBlocking
    public void error(WebSocketConnection connection, Throwable failure) {
        // a transport failure: the close that follows ends the session
        LOG.debugf("relay socket %s failed: %s", connection.id(), failure.toString());
    }

    /** Writes without waiting: the socket queues frames in order; a failed write only matters to a closed socket. */
    private record SocketOutput(WebSocketConnection connection, RelayWire wire) implements RelayOutput {

        @Override
        public void text(String token, boolean last) {
            send(wire.text(token, last));
        }

        @Override
        public void end(RelayHandoff handoff) {
            send(wire.end(handoff));
        }

        @Override
        public void close(String reason) {
            connection.close(new CloseReason(POLICY_VIOLATION, reason)).subscribe().with(ok -> { },
                    failure -> LOG.debugf("relay socket %s: close failed: %s", connection.id(), failure.toString()));
        }

        private void send(String frame) {
            connection.sendText(frame).subscribe().with(ok -> { },
                    failure -> LOG.debugf("relay socket %s: write failed: %s", connection.id(), failure.toString()));
        }
    }
}
