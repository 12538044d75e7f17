package io.voiceagents.gateway.domain;

import java.util.List;

/**
 * What the gateway needs to know about the agent answering (or placing) a call.
 *
 * @param voice            Google TTS voice name (e.g. en-US-Neural2-F); may be empty (service default)
 * @param language         BCP-47 language code used for speech recognition and synthesis
 * @param phoneNumbers     the agent's numbers (E.164)
 * @param machineAction    what an outbound call does when a machine answers
 * @param voicemailMessage spoken to a machine with {@link MachineAction#LEAVE_MESSAGE}; empty means the greeting
 */
public record AgentProfile(String agentId, String name, String greeting, String voice, String language, CallMode callMode,
        List<String> phoneNumbers, MachineAction machineAction, String voicemailMessage) {

    public AgentProfile {
        voice = voice == null ? "" : voice;
        language = language == null || language.isBlank() ? "en-US" : language;
        callMode = callMode == null ? CallMode.UNSPECIFIED : callMode;
        phoneNumbers = phoneNumbers == null ? List.of() : List.copyOf(phoneNumbers);
        machineAction = machineAction == null ? MachineAction.UNSPECIFIED : machineAction;
        voicemailMessage = voicemailMessage == null ? "" : voicemailMessage;
    }

    public AgentVoice agentVoice() {
        return new AgentVoice(voice, language);
    }

    /** The text left on an answering machine: the voicemail message, or the greeting when none is configured. */
    public String voicemailText() {
        return voicemailMessage.isBlank() ? greeting : voicemailMessage;
    }
}
