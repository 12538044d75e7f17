package io.voiceagents.gateway.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.gateway.application.port.AgentConversations;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.config.GatewaySettings;
import io.voiceagents.gateway.domain.AgentProfile;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallMode;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * The first steps of every answered call, inbound or outbound: store the call once (a retried webhook
 * neither duplicates it nor its CallStarted event), open the conversation, then answer in the agent's
 * mode: the greeting inside a speech Gather (gather), or a {@code <Connect>} to the gateway's Media Streams
 * (stream) or ConversationRelay (relay) socket, which speaks the greeting there.
 */
@ApplicationScoped
public class CallOpening {

    private static final Logger LOG = Logger.getLogger(CallOpening.class);
    /** The Media Streams socket of `stream` calls. */
    public static final String MEDIA_STREAM_PATH = "/twilio/media";
    /** The ConversationRelay socket of `relay` calls. */
    public static final String RELAY_PATH = "/twilio/relay";
    /** Where Twilio reports the end of a ConversationRelay session ({@code <Connect action>}). */
    public static final String RELAY_ENDED_PATH = "/twilio/voice/relay-ended";

    private final AgentConversations agents;
    private final CallRepository calls;
    private final TurnRepository turns;
    private final CallEventPublisher events;
    private final Speaker speaker;
    private final GatewaySettings settings;

    @Inject
    public CallOpening(AgentConversations agents, CallRepository calls, TurnRepository turns, CallEventPublisher events,
            Speaker speaker, GatewaySettings settings) {
        this.agents = agents;
        this.calls = calls;
        this.turns = turns;
        this.events = events;
        this.speaker = speaker;
        this.settings = settings;
    }

    /**
     * A call as its voice webhook reports it.
     *
     * @param status         the status to store when the webhook creates the call
     * @param outboundCallId outbound-service's id (outbound calls), else null
     */
    public record AnsweredCall(String callSid, String accountSid, String from, String to, String direction,
            CallStatus status, UUID outboundCallId) {
    }

    /**
     * Stores the call once; publishes CallStarted only when this webhook created it. A call a status
     * callback created first gets the agent (with its voice) and the outbound call id it lacks.
     *
     * @param agent null when no agent is known
     * @return true when this webhook created the call
     */
    public boolean store(AnsweredCall answered, AgentProfile agent) {
        Instant now = Instant.now();
        AgentVoice voice = agent == null ? AgentVoice.defaults() : agent.agentVoice();
        CallStatus status = answered.status();
        Call call = new Call(answered.callSid(), answered.accountSid(), agent == null ? null : agent.agentId(),
                answered.direction(), answered.from(), answered.to(), status, null, now,
                status.impliesAnswered() ? now : null, status.isFinal() ? now : null, null, now, now, 0, voice,
                answered.outboundCallId());
        boolean created = calls.insertIfAbsent(call);
        if (created) {
            events.publish(CallEvents.of(CallEvent.Type.STARTED, call, null, null));
            return true;
        }
        if (agent != null) {
            calls.attachAgentIfMissing(answered.callSid(), agent.agentId(), voice);
        }
        if (answered.outboundCallId() != null) {
            calls.attachOutboundCallIfMissing(answered.callSid(), answered.outboundCallId());
        }
        return false;
    }

    /**
     * Opens the conversation (idempotent per call at agent-service) and answers in the agent's call mode: the
     * greeting inside a speech Gather, or a {@code <Connect>} to the stream or relay socket. The greeting is
     * stored as turn 0 once.
     *
     * @param created        whether this webhook created the call (not used since every mode runs)
     * @param initialMessage said instead of the agent's greeting, null for the greeting
     * @param metadataJson   free JSON for the agent's context, null for none
     * @param startNanos     {@link System#nanoTime()} when the webhook arrived
     */
    public TwimlResponse converse(AnsweredCall answered, AgentProfile profile, boolean created, String initialMessage,
            String metadataJson, long startNanos) {
        AgentConversations.ConversationStart conversation;
        try {
            conversation = agents.startConversation(new AgentConversations.StartRequest(answered.callSid(),
                    profile.agentId(), answered.from(), answered.to(), answered.direction(), initialMessage, metadataJson));
        } catch (AgentServiceException e) {
            LOG.errorf("call %s: StartConversation failed, the caller is told to try later: %s",
                    answered.callSid(), e.getMessage());
            return unavailable(profile.agentVoice());
        }
        String greeting = firstNonBlank(conversation.greeting(), initialMessage, profile.greeting());
        if (profile.callMode() == CallMode.STREAM || profile.callMode() == CallMode.RELAY) {
            return connect(answered, profile, greeting, startNanos);
        }
        Speaker.Spoken spoken = speaker.speak(greeting, profile.agentVoice());
        long totalMs = (System.nanoTime() - startNanos) / 1_000_000;
        turns.insertIfAbsent(new Turn(answered.callSid(), Turn.GREETING_INDEX, null, null, greeting, TurnOutcome.GREETING,
                null, spoken.ttsLatencyMs(), spoken.ttsFallback(), totalMs, Instant.now(), null));
        return TwimlResponse.create()
                .gather(new TwimlResponse.SpeechGather(settings.gatherUrl(), profile.language()), spoken.prompt())
                .redirect(settings.gatherUrl());
    }

    /**
     * A real-time call: the greeting is stored as turn 0 now (the socket speaks it) and the call is connected
     * to the gateway's socket, which gets the per-call token to prove it belongs to this call.
     */
    private TwimlResponse connect(AnsweredCall answered, AgentProfile profile, String greeting, long startNanos) {
        long totalMs = (System.nanoTime() - startNanos) / 1_000_000;
        turns.insertIfAbsent(new Turn(answered.callSid(), Turn.GREETING_INDEX, null, null, greeting, TurnOutcome.GREETING,
                null, null, false, totalMs, Instant.now(), null));
        String secret = settings.config().twilio().authToken()
                .orElseThrow(() -> new IllegalStateException("TWILIO_AUTH_TOKEN is required to issue call tokens"));
        List<TwimlResponse.Parameter> token = List.of(
                new TwimlResponse.Parameter(CallToken.PARAMETER, CallToken.issue(secret, answered.callSid())));
        if (profile.callMode() == CallMode.RELAY) {
            return TwimlResponse.create().connect(settings.publicBaseUrl() + RELAY_ENDED_PATH,
                    new TwimlResponse.ConversationRelay(settings.socketUrl(RELAY_PATH), greeting, profile.voice(),
                            profile.language(), "Google", "Google", true, true, token));
        }
        // reached only when the socket closes while the call is still up (gateway gone, hang-up over REST failed)
        return TwimlResponse.create()
                .connect(new TwimlResponse.MediaStream(settings.socketUrl(MEDIA_STREAM_PATH), token))
                .prompt(speaker.say(settings.config().messages().goodbye(), profile.agentVoice()))
                .hangup();
    }

    /** The polite "try again later" ending, spoken by Twilio. */
    public TwimlResponse unavailable(AgentVoice voice) {
        return TwimlResponse.create()
                .prompt(speaker.say(settings.config().messages().unavailable(), voice))
                .hangup();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
