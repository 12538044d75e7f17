package io.voiceagents.agent.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.voiceagents.agent.application.port.TurnSnapshot;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.CallMode;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.ConversationStatus;
import io.voiceagents.agent.domain.LlmSettings;
import io.voiceagents.agent.domain.MachineAction;

/** The agent cache, and how a turn's read uses it: only at the version read with the conversation. */
class AgentCacheTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    private final AgentCache cache = new AgentCache();

    @Test
    void anAgentIsFoundOnlyAtItsVersion() {
        Agent agent = agent(UUID.randomUUID(), 2, "Be brief.");
        cache.offer(agent);

        assertThat(cache.find(agent.id(), 2)).contains(agent);
        assertThat(cache.find(agent.id(), 3)).isEmpty();
        assertThat(cache.find(agent.id(), 1)).isEmpty();
        assertThat(cache.find(UUID.randomUUID(), 2)).isEmpty();
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() {
        UUID id = UUID.randomUUID();
        Agent newer = agent(id, 5, "New instructions.");
        cache.offer(newer);

        cache.offer(agent(id, 4, "Old instructions."));

        assertThat(cache.find(id, 5)).contains(newer);
        assertThat(cache.find(id, 4)).isEmpty();
        Agent newest = agent(id, 6, "Newest instructions.");
        cache.offer(newest);
        assertThat(cache.find(id, 6)).contains(newest);
    }

    @Test
    void aChangedAgentIsForgotten() {
        Agent agent = agent(UUID.randomUUID(), 1, "Be brief.");
        cache.offer(agent);

        cache.forget(agent.id());

        assertThat(cache.find(agent.id(), 1)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedAgentsLeaveBeyondTheBound() {
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < AgentCache.MAX_AGENTS; i++) {
            agents.add(agent(UUID.randomUUID(), 1, "Agent " + i));
            cache.offer(agents.get(i));
        }
        // The first agent is used again, so the second is now the least recently used.
        assertThat(cache.find(agents.get(0).id(), 1)).isPresent();

        cache.offer(agent(UUID.randomUUID(), 1, "One too many"));

        assertThat(cache.size()).isEqualTo(AgentCache.MAX_AGENTS);
        assertThat(cache.find(agents.get(0).id(), 1)).isPresent();
        assertThat(cache.find(agents.get(1).id(), 1)).isEmpty();
        assertThat(cache.find(agents.get(2).id(), 1)).isPresent();
    }

    @Test
    void aTurnLoadsItsAgentOnlyWhenTheCachedVersionIsNotTheOneItRead() {
        UUID id = UUID.randomUUID();
        cache.offer(agent(id, 1, "Old instructions."));
        Agent updated = agent(id, 2, "New instructions.");
        LoadingAgents loads = new LoadingAgents(cache, updated);
        Conversation conversation = new Conversation(UUID.randomUUID(), id, "CAcache", null, null, "inbound", null,
                ConversationStatus.ACTIVE, null, NOW, null);
        TurnReader reader = new TurnReader((callSid, turnId, history) -> Optional.of(
                new TurnSnapshot(conversation, 2, null, null, List.of())), cache, loads,
                new ConversationSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        ReplyCommand command = new ReplyCommand("CAcache", "Hi", "CAcache:1", null, System.nanoTime());

        assertThat(reader.read(command, "Hi").agent().instructions()).isEqualTo("New instructions.");
        assertThat(reader.read(command, "Hi").agent().instructions()).isEqualTo("New instructions.");

        // Loaded once, for the version the conversation's read named; the second turn found it cached.
        assertThat(loads.count).isEqualTo(1);
        assertThat(cache.find(id, 2)).contains(updated);
    }

    private static Agent agent(UUID id, long version, String instructions) {
        return new Agent(id, "Front desk", instructions, "Hello!", "en-US-Neural2-F", "en-US", List.of(),
                CallMode.STREAM, new LlmSettings("gemini-2.5-flash", 0.3, 256), MachineAction.DEFAULT, null, null,
                version, NOW, NOW);
    }

    /** The agent use cases as far as a turn's read needs them: loading one agent, counted. */
    private static final class LoadingAgents extends AgentService {

        private final Agent stored;
        int count;

        LoadingAgents(AgentCache cache, Agent stored) {
            super(null, null, null, cache);
            this.stored = stored;
        }

        @Override
        public Agent get(UUID id) {
            count++;
            return stored;
        }
    }
}
