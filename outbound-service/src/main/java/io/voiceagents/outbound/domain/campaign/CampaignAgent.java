package io.voiceagents.outbound.domain.campaign;

import java.util.List;
import java.util.UUID;

/**
 * What campaigns need to know about the agent that places their calls.
 *
 * @param phoneNumbers  the agent's numbers (E.164); a campaign calls from one of them
 */
public record CampaignAgent(UUID id, List<String> phoneNumbers, MachineAction machineAction) {

    public CampaignAgent {
        phoneNumbers = List.copyOf(phoneNumbers);
    }

    /** The agent's setting for a call answered by a machine. */
    public enum MachineAction {
        /** Not set: hang up. */
        UNSPECIFIED,
        LEAVE_MESSAGE,
        HANG_UP;

        /**
         * Twilio's MachineDetection parameter for this action: DetectMessageEnd waits for the beep so a message
         * starts after it; Enable answers as soon as Twilio knows, enough to hang up.
         */
        public String twilioMachineDetection() {
            return this == LEAVE_MESSAGE ? "DetectMessageEnd" : "Enable";
        }
    }
}
