package io.voiceagents.gateway.application;

import java.time.Instant;
import java.util.Optional;

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
 * The voice webhook: finds the agent for the called number, stores the call once (a retried webhook
 * neither duplicates it nor its CallStarted event), opens the conversation and speaks the greeting.
 */
@ApplicationScoped
public class IncomingCallService {

    private static final Logger LOG = Logger.getLogger(IncomingCallService.class);

    private final AgentConversations agents;
    private final CallRepository calls;
    private final TurnRepository turns;
    private final CallEventPublisher events;
    private final Speaker speaker;
    private final GatewaySettings settings;

    @Inject
    public IncomingCallService(AgentConversations agents, CallRepository calls, TurnRepository turns,
            CallEventPublisher events, Speaker speaker, GatewaySettings settings) {
        this.agents = agents;
        this.calls = calls;
        this.turns = turns;
        this.events = events;
        this.speaker = speaker;
        this.settings = settings;
    }

    /** The voice webhook's parameters. @param status null when Twilio sent none or an unknown value */
    public record IncomingCall(String callSid, String accountSid, String from, String to, String direction,
            CallStatus status) {
    }

    public TwimlResponse answer(IncomingCall incoming) {
        long start = System.nanoTime();
        Optional<AgentProfile> agent;
        try {
            agent = agents.findAgentByNumber(incoming.to());
        } catch (AgentServiceException e) {
            LOG.errorf("call %s: agent look-up for %s failed, the caller is told to try later: %s",
                    incoming.callSid(), incoming.to(), e.getMessage());
            store(incoming, null);
            return unavailable(AgentVoice.defaults());
        }
        boolean created = store(incoming, agent.orElse(null));
        if (agent.isEmpty()) {
            LOG.infof("call %s: no agent answers %s", incoming.callSid(), incoming.to());
            return TwimlResponse.create()
                    .prompt(speaker.say(settings.config().messages().notInService(), AgentVoice.defaults()))
                    .hangup();
        }
        AgentProfile profile = agent.get();
        if (created && profile.callMode() != CallMode.GATHER && profile.callMode() != CallMode.UNSPECIFIED) {
            LOG.warnf("call %s: agent %s is configured for %s mode, which the gateway does not run yet; using gather mode",
                    incoming.callSid(), profile.agentId(), profile.callMode());
        }
        AgentConversations.ConversationStart conversation;
        try {
            conversation = agents.startConversation(new AgentConversations.StartRequest(incoming.callSid(),
                    profile.agentId(), incoming.from(), incoming.to(), incoming.direction()));
        } catch (AgentServiceException e) {
            LOG.errorf("call %s: StartConversation failed, the caller is told to try later: %s",
                    incoming.callSid(), e.getMessage());
            return unavailable(profile.agentVoice());
        }
        String greeting = conversation.greeting() == null || conversation.greeting().isBlank()
                ? profile.greeting() : conversation.greeting();
        Speaker.Spoken spoken = speaker.speak(greeting, profile.agentVoice());
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        turns.insertIfAbsent(new Turn(incoming.callSid(), Turn.GREETING_INDEX, null, null, greeting, TurnOutcome.GREETING,
                null, spoken.ttsLatencyMs(), spoken.ttsFallback(), totalMs, Instant.now(), null));
        return TwimlResponse.create()
                .gather(new TwimlResponse.SpeechGather(settings.gatherUrl(), profile.language()), spoken.prompt())
                .redirect(settings.gatherUrl());
    }

    /** Stores the call once; publishes CallStarted only when this webhook created it. */
    private boolean store(IncomingCall incoming, AgentProfile agent) {
        Instant now = Instant.now();
        AgentVoice voice = agent == null ? AgentVoice.defaults() : agent.agentVoice();
        CallStatus status = incoming.status() == null ? CallStatus.RINGING : incoming.status();
        Call call = new Call(incoming.callSid(), incoming.accountSid(), agent == null ? null : agent.agentId(),
                incoming.direction(), incoming.from(), incoming.to(), status, null, now,
                status.impliesAnswered() ? now : null, status.isFinal() ? now : null, null, now, now, 0, voice);
        boolean created = calls.insertIfAbsent(call);
        if (created) {
            events.publish(CallEvents.of(CallEvent.Type.STARTED, call, null, null));
        } else if (agent != null) {
            calls.attachAgentIfMissing(incoming.callSid(), agent.agentId(), voice);
        }
        return created;
    }

    private TwimlResponse unavailable(AgentVoice voice) {
        return TwimlResponse.create()
                .prompt(speaker.say(settings.config().messages().unavailable(), voice))
                .hangup();
    }
}
