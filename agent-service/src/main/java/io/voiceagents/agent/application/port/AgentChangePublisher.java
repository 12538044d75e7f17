package io.voiceagents.agent.application.port;

import io.voiceagents.agent.domain.AgentChange;

/**
 * Tells other services an agent changed. Called inside the transaction that made the change; the
 * implementation delivers only once that transaction has committed (nothing is announced for a rollback).
 */
public interface AgentChangePublisher {

    void publish(AgentChange change);
}
