package io.voiceagents.gateway.application.relay;

import java.util.Map;

/** What ConversationRelay sends over the socket, parsed at the edge (see the relay endpoint's wire format). */
public sealed interface RelayMessage {

    /** The first message: which call this session is, with the TwiML's {@code <Parameter>}s. */
    record Setup(String sessionId, String callSid, String from, String to, String direction,
            Map<String, String> customParameters) implements RelayMessage {

        public Setup {
            customParameters = customParameters == null ? Map.of() : Map.copyOf(customParameters);
        }
    }

    /**
     * What the caller said, transcribed by Twilio.
     *
     * @param last false for a partial prompt: more of the same utterance follows
     */
    record Prompt(String voicePrompt, String lang, boolean last) implements RelayMessage {
    }

    /**
     * The caller spoke over the agent; Twilio stopped speaking.
     *
     * @param utteranceUntilInterrupt the part of the agent's text Twilio had spoken
     * @param durationUntilInterruptMs how long Twilio had been speaking, null when not sent
     */
    record Interrupt(String utteranceUntilInterrupt, Long durationUntilInterruptMs) implements RelayMessage {
    }

    /** One key pressed (0-9, *, #, A-D). */
    record Dtmf(String digit) implements RelayMessage {
    }

    /** Twilio reports a problem with something the gateway sent (or its own). */
    record Error(String description) implements RelayMessage {
    }
}
