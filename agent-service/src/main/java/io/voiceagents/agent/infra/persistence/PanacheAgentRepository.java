package io.voiceagents.agent.infra.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import io.quarkus.panache.common.Sort;
import io.voiceagents.agent.application.PhoneNumberInUseException;
import io.voiceagents.agent.application.port.AgentRepository;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.AgentDraft;
import io.voiceagents.agent.domain.CallMode;
import io.voiceagents.agent.domain.LlmSettings;
import io.voiceagents.agent.domain.MachineAction;
import io.voiceagents.agent.domain.PageResult;

@ApplicationScoped
public class PanacheAgentRepository implements AgentRepository {

    private static final String PHONE_NUMBER_KEY = "agent_phone_numbers_pkey";

    @Override
    public Agent create(UUID id, AgentDraft draft, Instant now) {
        AgentEntity entity = new AgentEntity();
        entity.id = id;
        entity.version = 1;
        entity.createdAt = now;
        apply(entity, draft, now);
        entity.persist();
        insertNumbers(id, draft.phoneNumbers());
        return asDomain(entity, draft.phoneNumbers());
    }

    @Override
    public Optional<Agent> find(UUID id) {
        return AgentEntity.<AgentEntity>findByIdOptional(id).map(e -> asDomain(e, numbersOf(id)));
    }

    @Override
    public Optional<Agent> findForUpdate(UUID id) {
        return AgentEntity.<AgentEntity>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .map(e -> asDomain(e, numbersOf(id)));
    }

    @Override
    public PageResult<Agent> list(int page, int size) {
        var query = AgentEntity.<AgentEntity>findAll(Sort.descending("createdAt").and("id", Sort.Direction.Descending))
                .page(page, size);
        List<AgentEntity> rows = query.list();
        Map<UUID, List<String>> numbers = numbersOf(rows.stream().map(e -> e.id).toList());
        List<Agent> items = rows.stream().map(e -> asDomain(e, numbers.getOrDefault(e.id, List.of()))).toList();
        return new PageResult<>(items, page, size, query.count());
    }

    @Override
    public Agent update(UUID id, AgentDraft draft, Instant now) {
        AgentEntity entity = AgentEntity.findById(id);
        apply(entity, draft, now);
        entity.version++;
        // Bulk delete, then insert: numbers move freely between positions of the same agent.
        AgentPhoneNumberEntity.delete("agentId", id);
        insertNumbers(id, draft.phoneNumbers());
        return asDomain(entity, draft.phoneNumbers());
    }

    @Override
    public void delete(UUID id) {
        // The schema cascades to numbers, conversations and messages.
        AgentEntity.delete("id", id);
    }

    @Override
    public Optional<Agent> findByPhoneNumber(String phoneNumber) {
        return AgentEntity.getEntityManager()
                .createQuery("select p.agentId from AgentPhoneNumberEntity p where p.phoneNumber = :n", UUID.class)
                .setParameter("n", phoneNumber)
                .getResultStream()
                .findFirst()
                .flatMap(this::find);
    }

    @Override
    public Map<String, UUID> owners(Collection<String> phoneNumbers) {
        Map<String, UUID> owners = new HashMap<>();
        AgentEntity.getEntityManager()
                .createQuery("select p.phoneNumber, p.agentId from AgentPhoneNumberEntity p where p.phoneNumber in :n",
                        Object[].class)
                .setParameter("n", phoneNumbers)
                .getResultList()
                .forEach(row -> owners.put((String) row[0], (UUID) row[1]));
        return owners;
    }

    private void insertNumbers(UUID agentId, List<String> numbers) {
        for (int i = 0; i < numbers.size(); i++) {
            AgentPhoneNumberEntity row = new AgentPhoneNumberEntity();
            row.phoneNumber = numbers.get(i);
            row.agentId = agentId;
            row.position = i;
            row.persist();
        }
        try {
            AgentEntity.flush();
        } catch (PersistenceException e) {
            // The service checked first; this is the race where another agent took a number meanwhile.
            if (ConstraintViolations.violates(e, PHONE_NUMBER_KEY)) {
                throw new PhoneNumberInUseException("phoneNumbers", "a phone number already answers for another agent",
                        e);
            }
            throw e;
        }
    }

    private List<String> numbersOf(UUID agentId) {
        return numbersOf(List.of(agentId)).getOrDefault(agentId, List.of());
    }

    private Map<UUID, List<String>> numbersOf(List<UUID> agentIds) {
        Map<UUID, List<String>> numbers = new LinkedHashMap<>();
        if (agentIds.isEmpty()) {
            return numbers;
        }
        AgentEntity.getEntityManager()
                .createQuery("select p.agentId, p.phoneNumber from AgentPhoneNumberEntity p"
                        + " where p.agentId in :ids order by p.agentId, p.position", Object[].class)
                .setParameter("ids", agentIds)
                .getResultList()
                .forEach(row -> numbers.computeIfAbsent((UUID) row[0], k -> new ArrayList<>()).add((String) row[1]));
        return numbers;
    }

    private static void apply(AgentEntity entity, AgentDraft draft, Instant now) {
        entity.name = draft.name();
        entity.instructions = draft.instructions();
        entity.greeting = draft.greeting();
        entity.voice = draft.voice();
        entity.language = draft.language();
        entity.callMode = draft.callMode().wireName();
        entity.llmModel = draft.llm().model();
        entity.llmTemperature = draft.llm().temperature();
        entity.llmMaxOutputTokens = draft.llm().maxOutputTokens();
        entity.machineAction = draft.machineAction().wireName();
        entity.voicemailMessage = draft.voicemailMessage();
        entity.transferNumber = draft.transferNumber();
        entity.updatedAt = now;
    }

    private static Agent asDomain(AgentEntity e, List<String> numbers) {
        return new Agent(e.id, e.name, e.instructions, e.greeting, e.voice, e.language, numbers,
                CallMode.fromWireName(e.callMode), new LlmSettings(e.llmModel, e.llmTemperature, e.llmMaxOutputTokens),
                MachineAction.fromWireName(e.machineAction), e.voicemailMessage, e.transferNumber, e.version,
                e.createdAt, e.updatedAt);
    }
}
