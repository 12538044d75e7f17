package io.voiceagents.testkit.googletts;

/**
 * Turns text into an audible, deterministic signal standing in for speech: one short tone per character (pitch
 * derived from the character), silence for whitespace, with 5 ms fades so the tones do not click.
 */
final class ToneSynthesizer {

    /** Audio produced per character at speaking rate 1.0. */
    static final int MILLIS_PER_CHAR = 60;
    /** Longest audio returned, however long the text. */
    static final int MAX_MILLIS = 20_000;

    private static final double AMPLITUDE = 9000;
    private static final int FADE_MILLIS = 5;

    private ToneSynthesizer() {
    }

    /** PCM16 mono samples for {@code text} at {@code sampleRate}; {@code speakingRate} 0 means 1.0. */
    static short[] synthesize(String text, int sampleRate, double speakingRate) {
        double rate = speakingRate <= 0 ? 1.0 : Math.max(0.25, Math.min(4.0, speakingRate));
        int perChar = Math.max(1, (int) Math.round(sampleRate * MILLIS_PER_CHAR / 1000.0 / rate));
        int maxSamples = (int) ((long) sampleRate * MAX_MILLIS / 1000);
        int total = (int) Math.min(maxSamples, (long) perChar * text.length());
        short[] out = new short[total];
        int fade = Math.max(1, sampleRate * FADE_MILLIS / 1000);
        for (int c = 0; c * perChar < total; c++) {
            char ch = text.charAt(c);
            if (Character.isWhitespace(ch)) {
                continue;
            }
            double frequency = 220 + (Character.toLowerCase(ch) % 24) * 30;
            int start = c * perChar;
            int len = Math.min(perChar, total - start);
            for (int i = 0; i < len; i++) {
                double envelope = Math.min(1.0, Math.min(i, len - 1 - i) / (double) fade);
                double value = Math.sin(2 * Math.PI * frequency * i / sampleRate) * AMPLITUDE * envelope;
                out[start + i] = (short) Math.round(value);
            }
        }
        return out;
    }
}
