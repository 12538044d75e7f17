package io.voiceagents.agent.application;

import java.util.UUID;

import io.voiceagents.agent.domain.MessageOutcome;

/** @param transferTo the number to transfer the call to when the outcome is TRANSFER, else null */
public record ReplyResult(String text, MessageOutcome outcome, long llmLatencyMs, UUID messageId, String transferTo) {
}
