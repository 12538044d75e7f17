package io.voiceagents.knowledge.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Logs the effective limits once, so an operator can see what a running instance enforces. */
@ApplicationScoped
class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void onStart(@Observes StartupEvent event, KnowledgeConfig config) {
        LOG.infof("knowledge-service limits: embedding dimension %d, documents up to %d bytes",
                config.embedding().dimension(), config.documents().maxBytes());
    }
}
