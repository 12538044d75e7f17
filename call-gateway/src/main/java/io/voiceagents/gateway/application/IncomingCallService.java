package io.voiceagents.gateway.application;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.AgentConversations;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.config.GatewaySettings;
import io.voiceagents.gateway.domain.AgentProfile;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * The voice webhook: finds the agent for the called number, then stores the call, opens the
 * conversation and speaks the greeting (see {@link CallOpening}).
 */
@ApplicationScoped
public class IncomingCallService {

    private static final Logger LOG = Logger.getLogger(IncomingCallService.class);

    private final AgentConversations agents;
    private final CallOpening opening;
    private final Speaker speaker;
    private final GatewaySettings settings;

    @Inject
    public IncomingCallService(AgentConversations agents, CallOpening opening, Speaker speaker, GatewaySettings settings) {
        this.agents = agents;
        this.opening = opening;
        this.speaker = speaker;
        this.settings = settings;
    }

    /** The voice webhook's parameters. @param status null when Twilio sent none or an unknown value */
    public record IncomingCall(String callSid, String accountSid, String from, String to, String direction,
            CallStatus status) {
    }

    public TwimlResponse answer(IncomingCall incoming) {
        long start = System.nanoTime();
        CallOpening.AnsweredCall answered = new CallOpening.AnsweredCall(incoming.callSid(), incoming.accountSid(),
                incoming.from(), incoming.to(), incoming.direction(),
                incoming.status() == null ? CallStatus.RINGING : incoming.status(), null);
        Optional<AgentProfile> agent;
        try {
            agent = agents.findAgentByNumber(incoming.to());
        } catch (AgentServiceException e) {
            LOG.errorf("call %s: agent look-up for %s failed, the caller is told to try later: %s",
                    incoming.callSid(), incoming.to(), e.getMessage());
            opening.store(answered, null);
            return opening.unavailable(AgentVoice.defaults());
        }
        boolean created = opening.store(answered, agent.orElse(null));
        if (agent.isEmpty()) {
            LOG.infof("call %s: no agent answers %s", incoming.callSid(), incoming.to());
            return TwimlResponse.create()
                    .prompt(speaker.say(settings.config().messages().notInService(), AgentVoice.defaults()))
                    .hangup();
        }
        return opening.converse(answered, agent.get(), created, null, null, start);
    }
}
