package io.voiceagents.agent.application;

import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.Conversation;

/** @param created false when the call already had a conversation (a retried webhook) */
public record StartResult(Conversation conversation, Agent agent, String greeting, boolean created) {
}
