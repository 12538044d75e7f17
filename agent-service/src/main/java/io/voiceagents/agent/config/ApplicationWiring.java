package io.voiceagents.agent.config;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.voiceagents.agent.application.AgentDefaults;
import io.voiceagents.agent.application.ConversationSettings;

/** Turns typed configuration into the plain settings the use cases take, and refuses to start when it is incomplete. */
@ApplicationScoped
public class ApplicationWiring {

    private static final Logger LOG = Logger.getLogger(ApplicationWiring.class);

    // Records are final and cannot be proxied, hence @Singleton rather than @ApplicationScoped.
    @Produces
    @Singleton
    AgentDefaults agentDefaults(AgentServiceConfig config) {
        return new AgentDefaults(config.defaults().voice(), config.defaults().language(), config.llm().defaultModel());
    }

    @Produces
    @Singleton
    ConversationSettings conversationSettings(AgentServiceConfig config) {
        return new ConversationSettings(config.history().maxMessages(), config.llm().timeout(),
                config.llm().streamIdleTimeout());
    }

    void checkAtStart(@Observes StartupEvent start, AgentServiceConfig config) {
        AgentServiceConfig.Llm llm = config.llm();
        List<String> problems = new ArrayList<>(
                LlmConfigRules.problems(llm.provider(), llm.apiKey(), llm.project(), llm.timeout()));
        LlmConfigRules.streamIdleProblem(llm.streamIdleTimeout()).ifPresent(problems::add);
        ApiKeyRules.problem(config.api().key()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("agent-service configuration is incomplete: " + String.join("; ", problems));
        }
        LOG.infof("LLM provider %s, default model %s, timeout %s, stream idle timeout %s, history %d messages%s",
                llm.provider().label(), llm.defaultModel(), llm.timeout(), llm.streamIdleTimeout(),
                config.history().maxMessages(),
                llm.baseUrl().map(url -> ", endpoint " + url).orElse(""));
    }
}
