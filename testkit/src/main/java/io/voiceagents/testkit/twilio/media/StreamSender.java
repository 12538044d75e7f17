package io.voiceagents.testkit.twilio.media;

import io.voiceagents.audio.MuLaw;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Twilio's messages on one stream, numbered in the order they are sent: {@code connected} and {@code start}, the
 * inbound media frames, {@code dtmf}, mark echoes, and {@code stop} with the socket's close. Not thread-safe: the
 * caller's lock guards it.
 */
final class StreamSender {

    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private final TwilioWebSocket socket;
    private final MediaStreamsCall call;
    private final String accountSid;
    private long sequence;

    StreamSender(TwilioWebSocket socket, MediaStreamsCall call, String accountSid) {
        this.socket = socket;
        this.call = call;
        this.accountSid = accountSid;
    }

    /** The stream's first messages. */
    void start() {
        socket.send(StreamMessages.connected());
        socket.send(StreamMessages.start(++sequence, call, accountSid));
    }

    /** The {@code frame}-th 20 ms frame of the caller's line (from 0). */
    void media(long frame, byte[] audio) {
        socket.send(StreamMessages.media(++sequence, frame + 1, frame * MuLaw.FRAME_MILLIS, audio, call.streamSid()));
    }

    void dtmf(char digit) {
        socket.send(StreamMessages.dtmf(++sequence, call.streamSid(), digit));
    }

    /** The mark {@code name} has played (or was cleared). */
    void markEcho(String name) {
        socket.send(StreamMessages.markEcho(++sequence, call.streamSid(), name));
    }

    /** The call is over: {@code stop}, then the socket's close (1000). */
    void stop() {
        socket.send(StreamMessages.stop(++sequence, call.streamSid(), accountSid, call.callSid()));
        socket.close(1000, "");
        // a server that never answers the close must not keep the connection forever
        try {
            socket.executor().schedule(socket::abort, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the pool closed: its connections are dropped anyway
        }
    }
}
