package io.voiceagents.agent.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.voiceagents.agent.domain.Agent;

/**
 * Agents as caller turns use them, so a turn need not read its agent and its numbers again: an agent changes
 * rarely, a call asks for a reply every few seconds.
 *
 * <p>An entry is used only for the version the turn read with its conversation (the conversation's row and its
 * agent's version come from the same statement), so every replica sees an update at its next turn, whichever
 * replica took it. Every accepted update bumps the version and only committed rows are cached, so an (id,
 * version) pair never stands for two different agents. Updates and deletes on this replica also drop the entry
 * at once, to free the memory. At most {@link #MAX_AGENTS} agents are kept, the least recently used leaving
 * first; instructions are up to 20,000 characters, so the cache stays within a few tens of megabytes.
 */
@ApplicationScoped
public class AgentCache {

    /** Far more agents than one replica's calls talk to at once (100 calls are at most 100 agents). */
    static final int MAX_AGENTS = 1_000;

    // Guarded by itself. Access order: a get moves the agent to the end, the eldest is the least recently used.
    private final Map<UUID, Agent> agents = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Agent> eldest) {
            return size() > MAX_AGENTS;
        }
    };

    /** The agent when it is cached at exactly this version. */
    public Optional<Agent> find(UUID id, long version) {
        synchronized (agents) {
            Agent agent = agents.get(id);
            return agent != null && agent.version() == version ? Optional.of(agent) : Optional.empty();
        }
    }

    /**
     * Caches an agent as committed in the database (never one read inside a transaction that changes it: that
     * version might be rolled back and taken by another update); an older version than the cached one is ignored.
     */
    public void offer(Agent agent) {
        synchronized (agents) {
            Agent cached = agents.get(agent.id());
            if (cached == null || cached.version() <= agent.version()) {
                agents.put(agent.id(), agent);
            }
        }
    }

    /** The agent changed or is gone: its entry is dropped. */
    public void forget(UUID id) {
        synchronized (agents) {
            agents.remove(id);
        }
    }

    int size() {
        synchronized (agents) {
            return agents.size();
        }
    }
}
