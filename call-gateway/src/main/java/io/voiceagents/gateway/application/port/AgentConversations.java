package io.voiceagents.gateway.application.port;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.voiceagents.gateway.domain.AgentProfile;
import io.voiceagents.gateway.domain.TurnOutcome;

/** The conversation "brain" (agent-service). Adapters apply deadlines and map failures to {@link AgentServiceException}. */
public interface AgentConversations {

    /** The agent answering a number; empty when none does. */
    Optional<AgentProfile> findAgentByNumber(String phoneNumber);

    /** The agent with this id (an outbound call names its agent); empty when there is none. */
    Optional<AgentProfile> getAgent(String agentId);

    ConversationStart startConversation(StartRequest request);

    /** The agent's answer to one caller utterance; {@code turnId} makes a retried request safe. */
    AgentReply reply(String callSid, String utterance, float confidence, String turnId);

    /**
     * Tells agent-service the call ended; asynchronous, failures are logged by the adapter. A call that
     * never had a conversation (an outbound call nobody or a machine answered) is not an error.
     */
    CompletionStage<Void> endConversation(String callSid, String finalStatus);

    /**
     * @param initialMessage said instead of the agent's greeting (outbound calls), null for the greeting
     * @param metadataJson   free JSON for the agent's context (outbound calls), null for none
     */
    record StartRequest(String callSid, String agentId, String from, String to, String direction, String initialMessage,
            String metadataJson) {

        /** An inbound call: the agent's own greeting, no extra context. */
        public StartRequest(String callSid, String agentId, String from, String to, String direction) {
            this(callSid, agentId, from, to, direction, null, null);
        }
    }

    /** @param agent the agent as agent-service sees it now, may be null when it did not say */
    record ConversationStart(String greeting, AgentProfile agent) {
    }

    /**
     * @param outcome    OK, FALLBACK (agent-service apologised), END_CALL or TRANSFER
     * @param transferTo E.164 number to dial when the outcome is TRANSFER, else null
     */
    record AgentReply(String text, TurnOutcome outcome, long llmLatencyMs, String transferTo) {
    }
}
