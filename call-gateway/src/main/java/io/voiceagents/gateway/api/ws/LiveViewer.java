package io.voiceagents.gateway.api.ws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.WebSocketConnection;
import io.voiceagents.gateway.api.rest.CallDtos;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * One live view of a call: the snapshot first, then each event as JSON, in order. Events arriving before the
 * snapshot is written (the viewer is registered first, so nothing falls between snapshot and feed) wait in a
 * bounded queue; writes are queued on the socket without waiting, under one lock so they keep their order.
 */
final class LiveViewer {

    /** Events held back while the snapshot is read; a viewer that far behind loses the oldest. */
    static final int MAX_HELD = 500;
    private static final Logger LOG = Logger.getLogger(LiveViewer.class);

    /** The JSON of one event. @param type a {@link LiveCallEvent.Type} name */
    record EventView(String type, Instant at, String text, int turnIndex) {
    }

    /** The first message: the call and its transcript as /api/calls/{sid} shows them. */
    record SnapshotView(String type, Instant at, CallDtos.CallDetails call) {
    }

    private final WebSocketConnection connection;
    private final ObjectMapper json;
    private final Object lock = new Object();
    private List<String> held = new ArrayList<>();

    LiveViewer(WebSocketConnection connection, ObjectMapper json) {
        this.connection = connection;
        this.json = json;
    }

    void event(LiveCallEvent event) {
        String frame = write(new EventView(event.type().name(), event.at(), event.text(), event.turnIndex()));
        synchronized (lock) {
            if (held != null) {
                if (held.size() >= MAX_HELD) {
                    held.remove(0);
                }
                held.add(frame);
                return;
            }
            send(frame);
        }
    }

    void snapshot(CallDtos.CallDetails call) {
        String frame = write(new SnapshotView("SNAPSHOT", Instant.now(), call));
        synchronized (lock) {
            send(frame);
            held.forEach(this::send);
            held = null;
        }
    }

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live view not serializable", e);
        }
    }

    private void send(String frame) {
        if (connection.isClosed()) {
            return;
        }
        connection.sendText(frame).subscribe().with(ok -> { },
                failure -> LOG.debugf("live socket %s: write failed: %s", connection.id(), failure.toString()));
    }
}
