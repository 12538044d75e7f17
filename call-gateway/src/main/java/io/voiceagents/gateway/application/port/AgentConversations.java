package io.voiceagents.gateway.application.port;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.voiceagents.gateway.domain.AgentProfile;
import io.voiceagents.gateway.domain.TurnOutcome;

/** The conversation "brain" (agent-service). Adapters apply deadlines and map failures to {@link AgentServiceException}. */
public interface AgentConversations {

    /** The agent answering a number; empty when none does. */
    Optional<AgentProfile> findAgentByNumber(String phoneNumber);

    ConversationStart startConversation(StartRequest request);

    /** The agent's answer to one caller utterance; {@code turnId} makes a retried request safe. */
    AgentReply reply(String callSid, String utterance, float confidence, String turnId);

    /** Tells agent-service the call ended; asynchronous, failures are logged by the adapter. */
    CompletionStage<Void> endConversation(String callSid, String finalStatus);

    record StartRequest(String callSid, String agentId, String from, String to, String direction) {
    }

    /** @param agent the agent as agent-service sees it now, may be null when it did not say */
    record ConversationStart(String greeting, AgentProfile agent) {
    }

    /** @param outcome OK, FALLBACK (agent-service apologised) or END_CALL */
    record AgentReply(String text, TurnOutcome outcome, long llmLatencyMs) {
    }
}
