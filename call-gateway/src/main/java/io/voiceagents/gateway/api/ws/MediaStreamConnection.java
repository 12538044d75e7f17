package io.voiceagents.gateway.api.ws;

import java.util.Base64;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.WebSocketConnection;
import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.application.stream.MediaStreamService;
import io.voiceagents.gateway.application.stream.StreamSession;

/**
 * One Media Streams socket, read on its event loop: parses Twilio's messages and hands them to the call's
 * session. Until a valid {@code start} has opened the session, other messages are only logged. Bad JSON,
 * bad base64, unknown events or another stream's messages are logged (rate-limited) and skipped — they never
 * end the call; the socket is closed, with a reason, only when it cannot belong to a call (no or a bad
 * {@code start}).
 */
final class MediaStreamConnection {

    private static final Logger LOG = Logger.getLogger(MediaStreamConnection.class);
    private static final String INBOUND = "inbound";

    private final WebSocketConnection connection;
    private final MediaStreamService service;
    private final ObjectMapper mapper;
    private final ProblemLog problems;
    private StreamSession session;
    private String streamSid;
    private boolean refused;

    MediaStreamConnection(WebSocketConnection connection, MediaStreamService service, ObjectMapper mapper) {
        this.connection = connection;
        this.service = service;
        this.mapper = mapper;
        this.problems = new ProblemLog(LOG, "media stream " + connection.id());
    }

    void onText(String text) {
        if (session != null && !refused) {
            MediaFastPath.Media media = MediaFastPath.parse(mapper.getFactory(), text);
            if (media != null) {
                media(media.streamSid(), media.track(), media.audio());
                return;
            }
        }
        MediaStreamMessage message;
        try {
            message = mapper.readValue(text, MediaStreamMessage.class);
        } catch (JsonProcessingException e) {
            problems.problem("message is not valid JSON, skipped: " + e.getOriginalMessage());
            return;
        }
        String event = message.event();
        if (event == null) {
            problems.problem("message without an event, skipped");
            return;
        }
        switch (event) {
            case "connected" -> LOG.debugf("media stream %s connected (protocol %s)", connection.id(), message.protocol());
            case "start" -> start(message);
            case "media" -> media(message);
            case "dtmf" -> dtmf(message);
            case "mark" -> mark(message);
            case "stop" -> stop(message);
            default -> problems.problem("unknown event '" + abbreviate(event) + "', skipped");
        }
    }

    void onClose() {
        if (session != null) {
            session.socketClosed();
        }
    }

    private void start(MediaStreamMessage message) {
        if (refused) {
            return;
        }
        if (session != null) {
            problems.problem("a second start on stream " + streamSid + ", skipped");
            return;
        }
        MediaStreamMessage.Start start = message.start();
        String sid = message.streamSid() != null ? message.streamSid() : start == null ? null : start.streamSid();
        if (start == null || isBlank(start.callSid()) || isBlank(sid)) {
            refuse("start without callSid or streamSid");
            return;
        }
        MediaStreamMessage.MediaFormat format = start.mediaFormat();
        if (format != null && (!"audio/x-mulaw".equalsIgnoreCase(format.encoding())
                || (format.sampleRate() != null && format.sampleRate() != 8000))) {
            // Twilio only sends mu-law 8 kHz today; anything else would be heard as noise, so say so loudly
            LOG.warnf("media stream %s announces %s at %s Hz; audio is decoded as mu-law 8 kHz", sid, format.encoding(),
                    format.sampleRate());
        }
        Map<String, String> parameters = start.customParameters() == null ? Map.of() : start.customParameters();
        WebSocketMediaSocket socket = new WebSocketMediaSocket(connection, sid);
        MediaStreamService.Opening opening = service.open(start.callSid(), sid, parameters.get(CallToken.PARAMETER), socket);
        switch (opening) {
            case MediaStreamService.Opened opened -> {
                session = opened.session();
                streamSid = sid;
            }
            case MediaStreamService.Refused no -> {
                refused = true;
                socket.refuse(no.reason());
            }
        }
    }

    private void media(MediaStreamMessage message) {
        if (!belongs(message, "media")) {
            return;
        }
        MediaStreamMessage.Media media = message.media();
        if (media == null || media.payload() == null) {
            problems.problem("media message without a payload, skipped");
            return;
        }
        if (media.track() != null && !INBOUND.equals(media.track())) {
            return; // only the caller's audio is analysed
        }
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(media.payload());
        } catch (IllegalArgumentException e) {
            problems.problem("media payload is not base64, skipped");
            return;
        }
        if (audio.length > 0) {
            session.audio(audio);
        }
    }

    /** A media message read by the fast path: the same checks as the full one. */
    private void media(String sid, String track, byte[] audio) {
        if (sid != null && !sid.equals(streamSid)) {
            problems.problem("media for another stream (" + abbreviate(sid) + "), skipped");
            return;
        }
        if ((track == null || INBOUND.equals(track)) && audio.length > 0) {
            session.audio(audio);
        }
    }

    private void dtmf(MediaStreamMessage message) {
        if (!belongs(message, "dtmf")) {
            return;
        }
        String digit = message.dtmf() == null ? null : message.dtmf().digit();
        if (digit == null || digit.length() != 1) {
            problems.problem("dtmf message without a single digit, skipped");
            return;
        }
        session.dtmf(digit.charAt(0));
    }

    private void mark(MediaStreamMessage message) {
        if (!belongs(message, "mark")) {
            return;
        }
        if (message.mark() == null || message.mark().name() == null) {
            problems.problem("mark message without a name, skipped");
            return;
        }
        session.markEchoed(message.mark().name());
    }

    private void stop(MediaStreamMessage message) {
        if (!belongs(message, "stop")) {
            return;
        }
        session.stopped();
    }

    /** The message can go to the session: one was opened, and the message is for its stream. */
    private boolean belongs(MediaStreamMessage message, String event) {
        if (refused) {
            return false;
        }
        if (session == null) {
            problems.problem(event + " before start, skipped");
            return false;
        }
        if (message.streamSid() != null && !message.streamSid().equals(streamSid)) {
            problems.problem(event + " for another stream (" + abbreviate(message.streamSid()) + "), skipped");
            return false;
        }
        return true;
    }

    private void refuse(String reason) {
        refused = true;
        LOG.warnf("media stream %s refused: %s", connection.id(), reason);
        new WebSocketMediaSocket(connection, "").refuse(reason);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
