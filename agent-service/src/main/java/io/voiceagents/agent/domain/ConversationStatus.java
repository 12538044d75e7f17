package io.voiceagents.agent.domain;

public enum ConversationStatus {
    ACTIVE, ENDED
}
