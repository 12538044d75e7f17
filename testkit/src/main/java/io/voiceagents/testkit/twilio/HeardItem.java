package io.voiceagents.testkit.twilio;

/**
 * Something the caller heard (or a silence they sat through), in call order.
 *
 * @param kind     SAY, PLAY or PAUSE
 * @param text     Say text; Pause length in seconds; Play digits when {@code <Play digits>}
 * @param voice    Say {@code voice} attribute (null if absent)
 * @param language Say {@code language} attribute (null if absent)
 * @param url      absolute Play URL (null for Say/Pause)
 * @param audio    Play check result (null for Say/Pause)
 */
public record HeardItem(Kind kind, String text, String voice, String language, String url, PlayedAudioCheck audio) {

    public enum Kind { SAY, PLAY, PAUSE }

    static HeardItem say(String text, String voice, String language) {
        return new HeardItem(Kind.SAY, text, voice, language, null, null);
    }

    static HeardItem play(String url, PlayedAudioCheck check) {
        return new HeardItem(Kind.PLAY, null, null, null, url, check);
    }

    static HeardItem pause(int seconds) {
        return new HeardItem(Kind.PAUSE, Integer.toString(seconds), null, null, null, null);
    }
}
