package io.voiceagents.tts.api.messaging;

import io.smallrye.common.annotation.Blocking;
import io.voiceagents.contracts.events.AgentChangedEvent;
import io.voiceagents.tts.application.PreSynthesizeGreeting;
import io.voiceagents.tts.application.SynthesisMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Agents created or updated on {@code voiceagents.agents.v1}: their greeting is synthesized ahead of the first call.
 * Every event is acknowledged, whatever happens to it: a greeting that could not be prepared is synthesized on
 * the first call instead, which must not hold up the events behind it.
 */
@ApplicationScoped
public class AgentChangedConsumer {

    private static final Logger LOG = Logger.getLogger(AgentChangedConsumer.class);

    private final PreSynthesizeGreeting preSynthesizeGreeting;
    private final SynthesisMetrics metrics;

    public AgentChangedConsumer(PreSynthesizeGreeting preSynthesizeGreeting, SynthesisMetrics metrics) {
        this.preSynthesizeGreeting = preSynthesizeGreeting;
        this.metrics = metrics;
    }

    @Incoming("agent-changes")
    @Blocking
    public void onAgentChanged(AgentChangedEvent event) {
        if (event == null || event.type() == null) {
            // undecodable record (fail-on-deserialization-failure=false hands us null)
            LOG.warn("skipped an agent event that could not be read");
            metrics.presynthesis("failed");
            return;
        }
        if (event.type() == AgentChangedEvent.Type.DELETED) {
            return;
        }
        preSynthesizeGreeting.preSynthesize(event.agentId(), event.greeting(), event.voice(), event.language());
    }
}
