package io.voiceagents.agent.application;

/** @param turnId identifies the caller turn across retries; null when the gateway gave none */
public record ReplyCommand(String callSid, String utterance, String turnId) {
}
