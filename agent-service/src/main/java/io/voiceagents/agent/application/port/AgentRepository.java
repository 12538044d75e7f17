package io.voiceagents.agent.application.port;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.AgentDraft;
import io.voiceagents.agent.domain.PageResult;

/** Agents and the phone numbers they answer. All methods run in the caller's transaction. */
public interface AgentRepository {

    /** @throws io.voiceagents.agent.application.PhoneNumberInUseException when a number is already taken */
    Agent create(UUID id, AgentDraft draft, Instant now);

    Optional<Agent> find(UUID id);

    /** Loads the agent and locks its row until the transaction ends, so concurrent updates serialize. */
    Optional<Agent> findForUpdate(UUID id);

    /** Newest first. */
    PageResult<Agent> list(int page, int size);

    /**
     * Replaces the agent's fields and numbers and increments its version.
     *
     * @throws io.voiceagents.agent.application.PhoneNumberInUseException when a number is already taken
     */
    Agent update(UUID id, AgentDraft draft, Instant now);

    void delete(UUID id);

    Optional<Agent> findByPhoneNumber(String phoneNumber);

    /** Which agent owns each of the given numbers (numbers nobody owns are absent). */
    Map<String, UUID> owners(Collection<String> phoneNumbers);
}
