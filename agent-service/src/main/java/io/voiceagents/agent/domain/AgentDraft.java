package io.voiceagents.agent.domain;

import java.util.List;

/**
 * What an operator writes when creating or replacing an agent: everything except identity and bookkeeping.
 * Null {@code callMode}, {@code llm} or {@code machineAction} take the defaults when the agent is stored;
 * a null or blank {@code transferNumber} means the agent cannot transfer calls.
 */
public record AgentDraft(
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
        String transferNumber) {

    public AgentDraft {
        phoneNumbers = List.copyOf(phoneNumbers);
    }
}
