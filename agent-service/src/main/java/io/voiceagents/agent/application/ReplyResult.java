package io.voiceagents.agent.application;

import java.util.UUID;

import io.voiceagents.agent.domain.MessageOutcome;

public record ReplyResult(String text, MessageOutcome outcome, long llmLatencyMs, UUID messageId) {
}
