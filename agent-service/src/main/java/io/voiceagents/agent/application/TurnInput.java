package io.voiceagents.agent.application;

import io.voiceagents.agent.domain.CallerInput;

/** Checks a caller turn's input and turns it into the caller's message text (words and keypad presses). */
final class TurnInput {

    private TurnInput() {
    }

    static String callerText(ReplyCommand command) {
        if (command.callSid() == null || command.callSid().isBlank()) {
            throw new InvalidInputException("call_sid", "must not be blank");
        }
        String digits = command.dtmfDigits();
        if (digits != null && !digits.isBlank() && !CallerInput.DTMF_DIGITS.matcher(digits.strip()).matches()) {
            throw new InvalidInputException("dtmf_digits", "may hold only the keys 0-9, * and #");
        }
        String text = CallerInput.text(command.utterance(), digits);
        if (text.isBlank()) {
            throw new InvalidInputException("utterance", "must not be blank (unless dtmf_digits is set)");
        }
        return text;
    }
}
