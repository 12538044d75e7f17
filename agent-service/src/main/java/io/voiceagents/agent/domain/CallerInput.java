package io.voiceagents.agent.domain;

import java.util.regex.Pattern;

/**
 * One caller turn as the agent reads it: what they said and the keys they pressed. Keys are written
 * into the text as {@code [keypad: 1 2 #]} so the LLM, the stored transcript and the operator all see
 * the same thing.
 */
public final class CallerInput {

    /** Digits Twilio reports for a keypad press. */
    public static final Pattern DTMF_DIGITS = Pattern.compile("^[0-9*#]+$");

    private static final String KEYPAD_MARK = "[keypad:";

    private CallerInput() {
    }

    /**
     * The caller's message: the utterance, then the keys if any, e.g. "Billing please [keypad: 2]".
     *
     * @param dtmfDigits keys as Twilio sends them ("12#"), or null/blank; must match {@link #DTMF_DIGITS}
     */
    public static String text(String utterance, String dtmfDigits) {
        String said = utterance == null ? "" : utterance.strip();
        if (dtmfDigits == null || dtmfDigits.isBlank()) {
            return said;
        }
        StringBuilder keys = new StringBuilder(KEYPAD_MARK);
        for (char c : dtmfDigits.strip().toCharArray()) {
            keys.append(' ').append(c);
        }
        keys.append(']');
        return said.isEmpty() ? keys.toString() : said + " " + keys;
    }

    /** Whether a stored caller message carries keypad input (the prompt then explains the notation). */
    public static boolean hasKeypad(String text) {
        return text != null && text.contains(KEYPAD_MARK);
    }
}
