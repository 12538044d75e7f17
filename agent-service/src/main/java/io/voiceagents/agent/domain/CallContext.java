package io.voiceagents.agent.domain;

/** Facts about the call the agent may use in its answers. Any field may be null. */
public record CallContext(String fromNumber, String toNumber, String direction, String metadataJson) {

    public static CallContext of(Conversation conversation) {
        return new CallContext(conversation.fromNumber(), conversation.toNumber(), conversation.direction(),
                conversation.metadataJson());
    }
}
