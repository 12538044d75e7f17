package io.voiceagents.gateway.application;

import java.time.Instant;
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
 * neither duplicates it nor its CallStarted event), open the conversation and speak the greeting
 * inside a speech Gather.
 */
@ApplicationScoped
public class CallOpening {

    private static final Logger LOG = Logger.getLogger(CallOpening.class);

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
     * Opens the conversation (idempotent per call at agent-service) and answers with the greeting inside a
     * speech Gather; the greeting is stored as turn 0 once.
     *
     * @param created        whether this webhook created the call (warnings are logged once per call)
     * @param initialMessage said instead of the agent's greeting, null for the greeting
     * @param metadataJson   free JSON for the agent's context, null for none
     * @param startNanos     {@link System#nanoTime()} when the webhook arrived
     */
    public TwimlResponse converse(AnsweredCall answered, AgentProfile profile, boolean created, String initialMessage,
            String metadataJson, long startNanos) {
        if (created && profile.callMode() != CallMode.GATHER && profile.callMode() != CallMode.UNSPECIFIED) {
            LOG.warnf("call %s: agent %s is configured for %s mode, which the gateway does not run yet; using gather mode",
                    answered.callSid(), profile.agentId(), profile.callMode());
        }
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
        Speaker.Spoken spoken = speaker.speak(greeting, profile.agentVoice());
        long totalMs = (System.nanoTime() - startNanos) / 1_000_000;
        turns.insertIfAbsent(new Turn(answered.callSid(), Turn.GREETING_INDEX, null, null, greeting, TurnOutcome.GREETING,
                null, spoken.ttsLatencyMs(), spoken.ttsFallback(), totalMs, Instant.now(), null));
        return TwimlResponse.create()
                .gather(new TwimlResponse.SpeechGather(settings.gatherUrl(), profile.language()), spoken.prompt())
                .redirect(settings.gatherUrl());
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
