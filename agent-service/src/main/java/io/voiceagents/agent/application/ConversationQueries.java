package io.voiceagents.agent.application;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.voiceagents.agent.application.port.AgentRepository;
import io.voiceagents.agent.application.port.ConversationRepository;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.PageResult;

/** The operator's read view of an agent's calls. */
@ApplicationScoped
public class ConversationQueries {

    /** A conversation with its messages in order. */
    public record Transcript(Conversation conversation, List<Message> messages) {
    }

    private final ConversationRepository conversations;
    private final AgentRepository agents;

    public ConversationQueries(ConversationRepository conversations, AgentRepository agents) {
        this.conversations = conversations;
        this.agents = agents;
    }

    @Transactional
    public PageResult<Conversation> list(UUID agentId, int page, int size) {
        agents.find(agentId).orElseThrow(() -> new AgentNotFoundException(agentId));
        return conversations.listByAgent(agentId, page, size);
    }

    @Transactional
    public Transcript get(UUID agentId, UUID conversationId) {
        Conversation conversation = conversations.find(agentId, conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(
                        "agent " + agentId + " has no conversation " + conversationId));
        return new Transcript(conversation, conversations.messages(conversationId));
    }
}
