package io.voiceagents.agent.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An AI phone agent as stored. {@code version} is the optimistic-lock version.
 *
 * @param voicemailMessage spoken to an answering machine on an outbound call; null means "use the greeting"
 * @param transferNumber   E.164 number the agent may transfer callers to (its transfer_call tool); null: no transfers
 */
public record Agent(
        UUID id,
        String name,
        String instructions,
        String greeting,
        String voice,
        String language,
        List<String> phoneNumbers,
        CallMode callMode,
        LlmSettings llm,
        MachineAction machineAction,
        String voicemailMessage,
        String transferNumber,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public Agent {
        phoneNumbers = List.copyOf(phoneNumbers);
    }
}
