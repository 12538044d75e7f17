package io.voiceagents.gateway.application;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.AgentConversations;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.OutboundCalls;
import io.voiceagents.gateway.application.port.OutboundServiceException;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.AgentProfile;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.AnsweredBy;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.MachineAction;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.twiml.TwimlResponse;

/**
 * The webhook Twilio requests when an outbound call placed by outbound-service is answered. The
 * instructions (agent, initial message, metadata) come from outbound-service; when it does not answer,
 * the agent named in the signed URL still takes the call with its own greeting. A person (or an
 * undecided detection) gets the usual conversation; an answering machine gets the agent's voicemail
 * message or a hang-up, per agent setting; a fax machine is always hung up on.
 */
@ApplicationScoped
public class OutboundAnswerService {

    private static final Logger LOG = Logger.getLogger(OutboundAnswerService.class);

    private final OutboundCalls outboundCalls;
    private final AgentConversations agents;
    private final CallOpening opening;
    private final TurnRepository turns;
    private final Speaker speaker;

    @Inject
    public OutboundAnswerService(OutboundCalls outboundCalls, AgentConversations agents, CallOpening opening,
            TurnRepository turns, Speaker speaker) {
        this.outboundCalls = outboundCalls;
        this.agents = agents;
        this.opening = opening;
        this.turns = turns;
        this.speaker = speaker;
    }

    /**
     * The outbound webhook's parameters.
     *
     * @param status         null when Twilio sent none or an unknown value
     * @param answeredBy     Twilio's AnsweredBy, null when machine detection did not run
     * @param outboundCallId the signed URL's {@code oc}, null when absent or malformed
     * @param agentId        the signed URL's {@code agent}, null when absent or malformed
     */
    public record OutboundAnswer(String callSid, String accountSid, String from, String to, String direction,
            CallStatus status, String answeredBy, UUID outboundCallId, String agentId) {
    }

    public TwimlResponse answer(OutboundAnswer answer) {
        long start = System.nanoTime();
        AnsweredBy answeredBy = AnsweredBy.fromWire(answer.answeredBy());
        CallOpening.AnsweredCall answered = new CallOpening.AnsweredCall(answer.callSid(), answer.accountSid(),
                answer.from(), answer.to(), answer.direction(),
                answer.status() == null ? CallStatus.IN_PROGRESS : answer.status(), answer.outboundCallId());
        Optional<OutboundCalls.Instructions> instructions = instructions(answer);
        String agentId = instructions.map(OutboundCalls.Instructions::agentId).filter(id -> !id.isBlank())
                .orElse(answer.agentId());
        if (agentId == null) {
            LOG.errorf("call %s: outbound call %s names no agent, ending it", answer.callSid(), answer.outboundCallId());
            opening.store(answered, null);
            return withoutAgent(answeredBy);
        }
        Optional<AgentProfile> agent;
        try {
            agent = agents.getAgent(agentId);
        } catch (AgentServiceException e) {
            LOG.errorf("call %s: reading agent %s failed, the callee is told to try later: %s", answer.callSid(), agentId,
                    e.getMessage());
            opening.store(answered, null);
            return withoutAgent(answeredBy);
        }
        if (agent.isEmpty()) {
            LOG.errorf("call %s: agent %s of outbound call %s does not exist, ending the call", answer.callSid(), agentId,
                    answer.outboundCallId());
            opening.store(answered, null);
            return withoutAgent(answeredBy);
        }
        AgentProfile profile = agent.get();
        boolean created = opening.store(answered, profile);
        return switch (answeredBy) {
            case FAX -> {
                LOG.infof("call %s: a fax machine answered, hanging up", answer.callSid());
                yield TwimlResponse.create().hangup();
            }
            case MACHINE -> machine(answer, profile, start);
            case HUMAN, UNKNOWN -> opening.converse(answered, profile, created,
                    instructions.map(OutboundCalls.Instructions::initialMessage).orElse(null),
                    instructions.map(OutboundCalls.Instructions::metadataJson).orElse(null), start);
        };
    }

    /** outbound-service's instructions; empty (with a warning) when it does not know the call or did not answer. */
    private Optional<OutboundCalls.Instructions> instructions(OutboundAnswer answer) {
        if (answer.outboundCallId() == null) {
            LOG.warnf("call %s: outbound webhook without an outbound call id, the agent %s greets with its own greeting",
                    answer.callSid(), answer.agentId());
            return Optional.empty();
        }
        try {
            Optional<OutboundCalls.Instructions> found = outboundCalls.find(answer.outboundCallId());
            if (found.isEmpty()) {
                LOG.warnf("call %s: outbound-service does not know outbound call %s, "
                        + "the agent %s greets with its own greeting", answer.callSid(), answer.outboundCallId(),
                        answer.agentId());
            }
            return found;
        } catch (OutboundServiceException e) {
            LOG.warnf("call %s: outbound-service %s for outbound call %s, the agent %s greets with its own greeting: %s",
                    answer.callSid(), e.timedOut() ? "missed the deadline" : "failed", answer.outboundCallId(),
                    answer.agentId(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * LEAVE_MESSAGE speaks the voicemail message (DetectMessageEnd made Twilio wait for the beep) and hangs up;
     * the message is stored as turn 0 so the transcript shows what was left. No conversation is opened.
     */
    private TwimlResponse machine(OutboundAnswer answer, AgentProfile profile, long start) {
        String text = profile.voicemailText();
        if (profile.machineAction() != MachineAction.LEAVE_MESSAGE || text == null || text.isBlank()) {
            LOG.infof("call %s: an answering machine answered, agent %s hangs up (machine action %s)", answer.callSid(),
                    profile.agentId(), profile.machineAction());
            return TwimlResponse.create().hangup();
        }
        LOG.infof("call %s: an answering machine answered (%s), agent %s leaves its message", answer.callSid(),
                answer.answeredBy(), profile.agentId());
        Speaker.Spoken spoken = speaker.speak(text, profile.agentVoice());
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        // a retried webhook finds the turn stored and only repeats the message
        turns.insertIfAbsent(new Turn(answer.callSid(), Turn.GREETING_INDEX, null, null, text, TurnOutcome.VOICEMAIL,
                null, spoken.ttsLatencyMs(), spoken.ttsFallback(), totalMs, Instant.now(), null));
        return TwimlResponse.create().prompt(spoken.prompt()).hangup();
    }

    /** Without an agent nobody can talk: a person hears the polite "try later", a machine is just hung up on. */
    private TwimlResponse withoutAgent(AnsweredBy answeredBy) {
        if (answeredBy == AnsweredBy.MACHINE || answeredBy == AnsweredBy.FAX) {
            return TwimlResponse.create().hangup();
        }
        return opening.unavailable(AgentVoice.defaults());
    }
}
