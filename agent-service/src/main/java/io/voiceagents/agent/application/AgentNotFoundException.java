package io.voiceagents.agent.application;

import java.util.UUID;

public class AgentNotFoundException extends RuntimeException {

    public AgentNotFoundException(UUID id) {
        super("agent " + id + " does not exist");
    }

    public AgentNotFoundException(String message) {
        super(message);
    }
}
