package io.voiceagents.testkit.twilio;

/**
 * One thing the simulated caller says (or keys in, or stays silent for) in answer to a {@code <Gather>}.
 *
 * @param text       speech recognised by Twilio ({@code SpeechResult}); null for digits or silence
 * @param confidence recognition confidence 0..1 ({@code Confidence})
 * @param digits     DTMF digits ({@code Digits}); null for speech or silence
 */
public record Utterance(String text, double confidence, String digits) {

    /** Confidence used by {@link #of(String)}, a typical value for clear speech. */
    public static final double DEFAULT_CONFIDENCE = 0.92;

    public static Utterance of(String text) {
        return new Utterance(text, DEFAULT_CONFIDENCE, null);
    }

    public static Utterance of(String text, double confidence) {
        return new Utterance(text, confidence, null);
    }

    /** The caller keys in digits instead of speaking. */
    public static Utterance digits(String digits) {
        return new Utterance(null, 0, digits);
    }

    /** The caller says nothing: the Gather times out. */
    public static Utterance silence() {
        return new Utterance(null, 0, null);
    }

    public boolean isSpeech() {
        return text != null;
    }

    public boolean isDigits() {
        return digits != null;
    }

    public boolean isSilence() {
        return text == null && digits == null;
    }
}
