package io.voiceagents.agent.application;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.voiceagents.agent.application.port.AgentChangePublisher;
import io.voiceagents.agent.application.port.AgentRepository;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.AgentChange;
import io.voiceagents.agent.domain.AgentDraft;
import io.voiceagents.agent.domain.CallMode;
import io.voiceagents.agent.domain.LlmSettings;
import io.voiceagents.agent.domain.MachineAction;
import io.voiceagents.agent.domain.PageResult;

/** Agent use cases: create, read, replace, delete, and find the agent answering a number. */
@ApplicationScoped
public class AgentService {

    private final AgentRepository agents;
    private final AgentChangePublisher publisher;
    private final AgentDefaults defaults;
    private final AgentCache cache;

    public AgentService(AgentRepository agents, AgentChangePublisher publisher, AgentDefaults defaults,
            AgentCache cache) {
        this.agents = agents;
        this.publisher = publisher;
        this.defaults = defaults;
        this.cache = cache;
    }

    @Transactional
    public Agent create(AgentDraft draft) {
        AgentDraft complete = withDefaults(draft);
        checkTransferNumber(complete);
        checkNumbersFree(complete.phoneNumbers(), null);
        Agent agent = agents.create(UUID.randomUUID(), complete, Timestamps.now());
        publisher.publish(new AgentChange(AgentChange.Kind.CREATED, agent));
        return agent;
    }

    @Transactional
    public Agent get(UUID id) {
        return agents.find(id).orElseThrow(() -> new AgentNotFoundException(id));
    }

    @Transactional
    public PageResult<Agent> list(int page, int size) {
        return agents.list(page, size);
    }

    /** Full replacement, accepted only when {@code expectedVersion} is the stored version. */
    @Transactional
    public Agent update(UUID id, AgentDraft draft, long expectedVersion) {
        Agent current = agents.findForUpdate(id).orElseThrow(() -> new AgentNotFoundException(id));
        if (current.version() != expectedVersion) {
            throw new VersionConflictException(id, expectedVersion, current.version());
        }
        AgentDraft complete = withDefaults(draft);
        checkTransferNumber(complete);
        checkNumbersFree(complete.phoneNumbers(), id);
        Agent updated = agents.update(id, complete, Timestamps.now());
        // Dropped, not replaced: this version is not committed yet (see AgentCache#offer). Turns would not use the
        // old entry anyway, since they read the new version with their conversation.
        cache.forget(id);
        publisher.publish(new AgentChange(AgentChange.Kind.UPDATED, updated));
        return updated;
    }

    @Transactional
    public void delete(UUID id) {
        Agent current = agents.findForUpdate(id).orElseThrow(() -> new AgentNotFoundException(id));
        agents.delete(id);
        cache.forget(id);
        publisher.publish(new AgentChange(AgentChange.Kind.DELETED, current));
    }

    @Transactional
    public Optional<Agent> findByPhoneNumber(String phoneNumber) {
        return agents.findByPhoneNumber(phoneNumber);
    }

    private AgentDraft withDefaults(AgentDraft draft) {
        LlmSettings llm = draft.llm() == null
                ? new LlmSettings(defaults.model(), LlmSettings.DEFAULT_TEMPERATURE, LlmSettings.DEFAULT_MAX_OUTPUT_TOKENS)
                : draft.llm();
        if (isBlank(llm.model())) {
            llm = new LlmSettings(defaults.model(), llm.temperature(), llm.maxOutputTokens());
        }
        return new AgentDraft(
                draft.name().strip(),
                draft.instructions(),
                draft.greeting(),
                isBlank(draft.voice()) ? defaults.voice() : draft.voice(),
                isBlank(draft.language()) ? defaults.language() : draft.language(),
                draft.phoneNumbers(),
                draft.callMode() == null ? CallMode.GATHER : draft.callMode(),
                llm,
                draft.machineAction() == null ? MachineAction.DEFAULT : draft.machineAction(),
                // Blank means "speak the greeting"; stored as null so there is one way to say it.
                isBlank(draft.voicemailMessage()) ? null : draft.voicemailMessage(),
                isBlank(draft.transferNumber()) ? null : draft.transferNumber().strip());
    }

    /** A transfer to one of the agent's own numbers would ring the agent again, in a loop. */
    private static void checkTransferNumber(AgentDraft draft) {
        if (draft.transferNumber() != null && draft.phoneNumbers().contains(draft.transferNumber())) {
            throw new InvalidInputException("transferNumber", "must not be one of the agent's own phone numbers");
        }
    }

    /** Rejects a number listed twice, or one another agent answers; {@code self} may keep its own numbers. */
    private void checkNumbersFree(List<String> numbers, UUID self) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < numbers.size(); i++) {
            if (!seen.add(numbers.get(i))) {
                throw new InvalidInputException("phoneNumbers[" + i + "]", "is listed twice");
            }
        }
        if (numbers.isEmpty()) {
            return;
        }
        Map<String, UUID> owners = agents.owners(numbers);
        for (int i = 0; i < numbers.size(); i++) {
            UUID owner = owners.get(numbers.get(i));
            if (owner != null && !owner.equals(self)) {
                throw new PhoneNumberInUseException("phoneNumbers",
                        numbers.get(i) + " (phoneNumbers[" + i + "]) already answers for agent " + owner, null);
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
