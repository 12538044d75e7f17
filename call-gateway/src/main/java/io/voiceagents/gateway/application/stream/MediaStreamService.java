package io.voiceagents.gateway.application.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.application.port.CallControl;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.MediaStreamSocket;
import io.voiceagents.gateway.application.port.SpeechActivity;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.StreamMetrics;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.config.GatewaySettings;
import io.voiceagents.gateway.config.StreamThreads;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.Turn;

/**
 * Opens the session of a Media Streams socket once its {@code start} arrived: checks the per-call token
 * (proof that the socket got it from this call's TwiML), then reads the call and its greeting off the
 * database on the blocking pool and begins the session. Keeps the live sessions, one per call.
 *
 * <p>The speech-to-text, reply and synthesis ports are looked up when a stream opens rather than injected,
 * so the gateway starts (and serves gather and relay calls) in a build that has no adapter for one of them;
 * such a stream is refused with a reason instead.
 */
@ApplicationScoped
public class MediaStreamService {

    private static final Logger LOG = Logger.getLogger(MediaStreamService.class);

    /** The outcome of a {@code start}. */
    public sealed interface Opening permits Opened, Refused {
    }

    public record Opened(StreamSession session) implements Opening {
    }

    /** @param reason said in the close frame (short, no secrets) */
    public record Refused(String reason) implements Opening {
    }

    private final GatewaySettings settings;
    private final CallRepository calls;
    private final TurnRepository turns;
    private final CallEventPublisher events;
    private final GatewayMetrics metrics;
    private final StreamMetrics streamMetrics;
    private final SpeechActivity speechActivity;
    private final Instance<SpeechToText> speechToText;
    private final Instance<ConversationStreams> conversations;
    private final Instance<StreamingSpeech> speech;
    private final CallControl callControl;
    private final LiveCallFeed live;
    private final StreamThreads threads;
    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private volatile StreamEnvironment environment;

    @Inject
    public MediaStreamService(GatewaySettings settings, CallRepository calls, TurnRepository turns,
            CallEventPublisher events, GatewayMetrics metrics, StreamMetrics streamMetrics, SpeechActivity speechActivity,
            Instance<SpeechToText> speechToText, Instance<ConversationStreams> conversations,
            Instance<StreamingSpeech> speech, CallControl callControl, LiveCallFeed live, StreamThreads threads) {
        this.settings = settings;
        this.calls = calls;
        this.turns = turns;
        this.events = events;
        this.metrics = metrics;
        this.streamMetrics = streamMetrics;
        this.speechActivity = speechActivity;
        this.speechToText = speechToText;
        this.conversations = conversations;
        this.speech = speech;
        this.callControl = callControl;
        this.live = live;
        this.threads = threads;
        streamMetrics.watchActiveSessions(sessions::size);
    }

    /**
     * A socket's {@code start}: the session, or why the socket must be closed. Never blocks (the call is
     * read on the blocking pool; audio that arrives meanwhile is not analysed).
     */
    public Opening open(String callSid, String streamSid, String token, MediaStreamSocket socket) {
        String secret = settings.config().twilio().authToken().orElse("");
        if (secret.isBlank() || !CallToken.verify(secret, callSid, token)) {
            LOG.warnf("media stream %s claims call %s with an invalid token: refused", streamSid, callSid);
            return new Refused("invalid call token");
        }
        Optional<String> missing = missingPort();
        if (missing.isPresent()) {
            LOG.errorf("call %s: stream mode needs a %s adapter and this build has none; the stream is closed",
                    callSid, missing.get());
            return new Refused("stream mode unavailable");
        }
        StreamEnvironment env = environment();
        StreamSession session = new StreamSession(callSid, streamSid, env, socket, (ended, reason) -> sessions.remove(callSid, ended));
        StreamSession previous = sessions.put(callSid, session);
        if (previous != null) {
            LOG.warnf("call %s: a second media stream started, the first one is closed", callSid);
            previous.abort("replaced by a newer stream");
        }
        env.blocking().execute(() -> load(session, callSid, streamSid));
        return new Opened(session);
    }

    /** Live sessions (one per call on this replica). */
    public int activeSessions() {
        return sessions.size();
    }

    @PreDestroy
    void shutdown() {
        sessions.values().forEach(session -> session.abort("gateway shutting down"));
    }

    private void load(StreamSession session, String callSid, String streamSid) {
        try {
            Optional<Call> call = calls.find(callSid);
            if (call.isEmpty()) {
                LOG.warnf("media stream %s: call %s is unknown, closing the stream", streamSid, callSid);
                session.abort("unknown call");
                return;
            }
            String greeting = turns.find(callSid, Turn.GREETING_INDEX).map(Turn::agentText).orElse(null);
            int firstTurn = turns.lastTurn(callSid).map(t -> t.turnIndex() + 1).orElse(Turn.GREETING_INDEX + 1);
            session.begin(new CallContext(callSid, streamSid, call.get().agentId(), call.get().voice(), greeting,
                    Math.max(Turn.GREETING_INDEX + 1, firstTurn)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "call %s: reading the call for its media stream failed", callSid);
            session.abort("call unavailable");
        }
    }

    private Optional<String> missingPort() {
        if (!speechToText.isResolvable()) {
            return Optional.of("speech-to-text");
        }
        if (!conversations.isResolvable()) {
            return Optional.of("streaming conversation");
        }
        if (!speech.isResolvable()) {
            return Optional.of("streaming synthesis");
        }
        return Optional.empty();
    }

    private StreamEnvironment environment() {
        StreamEnvironment env = environment;
        if (env != null) {
            return env;
        }
        synchronized (this) {
            if (environment == null) {
                StreamSettings streamSettings = StreamSettings.from(settings.config());
                StreamingSpeech synthesis = speech.get();
                PlaybackPacer pacer = threads.pacer(streamSettings.playbackLead().toNanos());
                streamMetrics.watchLateTicks(pacer::lateTicks);
                environment = new StreamEnvironment(streamSettings, NanoClock.SYSTEM, threads.timers(),
                        threads.sessionPool(), threads.blocking(), pacer, speechActivity, speechToText.get(),
                        conversations.get(), synthesis, callControl, live, streamMetrics,
                        new TurnRecorder(turns, events, metrics, streamMetrics, threads.blocking()),
                        new ApologyAudio(synthesis, streamSettings.apology()));
            }
            return environment;
        }
    }
}
