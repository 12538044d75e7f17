package io.voiceagents.gateway.application.stream;

import io.voiceagents.gateway.domain.AgentVoice;

/**
 * The call a Media Streams socket belongs to, as stored when its TwiML was answered.
 *
 * @param agentId        the answering agent (for the published TurnEvents), may be null
 * @param greeting       turn 0's text, spoken when the stream starts; null when none was stored
 * @param firstTurnIndex index of the first caller turn (1 after the greeting)
 */
public record CallContext(String callSid, String streamSid, String agentId, AgentVoice voice, String greeting,
        int firstTurnIndex) {
}
