package io.voiceagents.agent.api.rest.dto;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST and PUT /api/agents. */
@Schema(name = "AgentRequest", description = "An agent as the operator writes it")
public record AgentRequest(
        @Schema(description = "Display name", examples = "Front desk", required = true)
        @NotBlank @Size(max = 100)
        String name,

        @Schema(description = "System prompt: who the agent is and how it behaves", required = true)
        @NotBlank @Size(max = 20_000)
        String instructions,

        @Schema(description = "What the agent says when it picks up", required = true)
        @NotBlank @Size(max = 500)
        String greeting,

        @Schema(description = "Google TTS voice; empty for the service default", examples = "en-US-Neural2-F")
        @Pattern(regexp = VOICE, message = "must be a Google TTS voice name like en-US-Neural2-F")
        String voice,

        @Schema(description = "BCP-47 language code; empty for the service default", examples = "en-US")
        @Pattern(regexp = LANGUAGE, message = "must be a BCP-47 language code like en-US")
        String language,

        @Schema(description = "E.164 numbers this agent answers; a number belongs to one agent at most")
        @Size(max = 50)
        List<@NotNull @Pattern(regexp = E164, message = "must be an E.164 phone number like +14155550100") String>
                phoneNumbers,

        @Schema(description = "How calls run", enumeration = {"gather", "stream", "relay"}, defaultValue = "gather")
        @Pattern(regexp = CALL_MODE, message = "must be one of gather, stream, relay")
        String callMode,

        @Valid
        LlmSettingsRequest llm,

        @Schema(description = "Outbound calls: what to do when answering-machine detection says a machine"
                + " answered: leave the voicemail message after the beep, or hang up",
                enumeration = {"leave-message", "hang-up"}, defaultValue = "hang-up")
        @Pattern(regexp = MACHINE_ACTION, message = "must be one of leave-message, hang-up")
        String machineAction,

        @Schema(description = "Outbound calls: what the agent says to an answering machine when machineAction is"
                + " leave-message; empty to say the greeting", maxLength = 1000)
        @Size(max = 1000)
        String voicemailMessage,

        @Schema(description = "E.164 number the agent may transfer callers to (its transfer_call tool, used when"
                + " the caller asks for a person); empty: the agent cannot transfer calls",
                examples = "+14155550199")
        @Pattern(regexp = OPTIONAL_E164, message = "must be an E.164 phone number like +14155550100")
        String transferNumber,

        @Schema(description = "PUT only: the version this update is based on (or send it as If-Match)")
        @PositiveOrZero
        Long version) {

    /** Voice names as Google lists them: en-US-Neural2-F, en-GB-Chirp3-HD-Aoede, cmn-CN-Wavenet-A. */
    public static final String VOICE = "^$|^[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9]+(-[A-Za-z0-9]+)+$";
    public static final String LANGUAGE = "^$|^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$";
    public static final String E164 = "^\\+[1-9]\\d{1,14}$";
    public static final String OPTIONAL_E164 = "^$|" + E164;
    public static final String CALL_MODE = "^(gather|stream|relay)$";
    public static final String MACHINE_ACTION = "^(leave-message|hang-up)$";
}
