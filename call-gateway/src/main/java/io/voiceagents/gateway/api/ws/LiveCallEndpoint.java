package io.voiceagents.gateway.api.ws;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.voiceagents.gateway.api.rest.CallDtos;
import io.voiceagents.gateway.application.CallQueryService;
import io.voiceagents.gateway.application.live.LiveCallViewers;

/**
 * {@code /api/calls/{callSid}/live}: a call's state and transcript as it happens, for dashboards. Authenticated
 * like /api/** ({@link LiveUpgradeCheck}). On open it sends a snapshot (the call and its transcript so far), then
 * every live event of the call, from whichever replica runs it, as {@code {type, at, text, turnIndex}}. An unknown
 * call is closed with 4404. Before the snapshot is sent, the view waits (briefly) until its call is announced as
 * watched, since only then are the streaming events (interim caller text, reply deltas) published. Opening reads
 * the database and waits for that, so it runs on a worker thread; events are only queued.
 */
@WebSocket(path = "/api/calls/{callSid}/live", endpointId = LiveCallEndpoint.ID)
public class LiveCallEndpoint {

    static final String ID = "live-call";
    /** Application close code: no such call (4000-4999 are free for applications; 4404 echoes HTTP's 404). */
    static final int UNKNOWN_CALL = 4404;
    static final int UNAVAILABLE = 1011;
    /** The announcement bounds its own wait (a couple of seconds); this only keeps a worker from hanging on a bug. */
    static final Duration ANNOUNCE_BACKSTOP = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LiveCallEndpoint.class);
    private static final UserData.TypedKey<Runnable> STOP = new UserData.TypedKey<>("live-stop");

    private final LiveCallViewers viewers;
    private final CallQueryService queries;
    private final ObjectMapper json;

    @Inject
    public LiveCallEndpoint(LiveCallViewers viewers, CallQueryService queries, ObjectMapper json) {
        this.viewers = viewers;
        this.queries = queries;
        this.json = json;
    }

    @OnOpen
    public void open(WebSocketConnection connection) {
        String callSid = connection.pathParam("callSid");
        LiveViewer viewer = new LiveViewer(connection, json);
        // watch first, then read: an event that happens while the snapshot is read is held, not lost
        Runnable stop = viewers.watch(callSid, viewer::event);
        connection.userData().put(STOP, stop);
        Optional<CallQueryService.CallWithTranscript> snapshot;
        try {
            snapshot = queries.find(callSid);
        } catch (RuntimeException e) {
            LOG.errorf(e, "live view of call %s: the call could not be read", callSid);
            close(connection, stop, new CloseReason(UNAVAILABLE, "call could not be read"));
            return;
        }
        if (snapshot.isEmpty()) {
            close(connection, stop, new CloseReason(UNKNOWN_CALL, "unknown call"));
            return;
        }
        CallDtos.CallDetails call = CallDtos.CallDetails.of(snapshot.get());
        // the streaming events (interim caller text, reply deltas) are only published for calls announced as
        // watched: once the announcement took effect they follow the snapshot without a gap at the start
        awaitAnnounced(callSid);
        viewer.snapshot(call);
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        Runnable stop = connection.userData().remove(STOP);
        if (stop != null) {
            stop.run();
        }
    }

    private void awaitAnnounced(String callSid) {
        try {
            viewers.announce(callSid).toCompletableFuture().get(ANNOUNCE_BACKSTOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the view opens anyway: it gets the streaming events once a renewal gets through
            LOG.debugf("live view of call %s: viewers not announced: %s", callSid, e.toString());
        }
    }

    private static void close(WebSocketConnection connection, Runnable stop, CloseReason reason) {
        stop.run();
        connection.close(reason).subscribe().with(ok -> { },
                failure -> LOG.debugf("live socket %s: close failed: %s", connection.id(), failure.toString()));
    }
}
