package io.voiceagents.gateway.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the {@code <Say>} voice used when synthesis failed. Agents are configured with Google TTS
 * voice names (en-US-Neural2-F); Twilio speaks Google voices itself when they are written
 * {@code Google.<name>}, so the caller keeps hearing the same voice. Only the Google families Twilio
 * documents are mapped; anything else leaves the voice out and Twilio picks its default for the
 * language, because an unsupported voice/language pair makes {@code <Say>} fail outright.
 */
public final class TwilioSayVoices {

    private static final Pattern GOOGLE_VOICE = Pattern.compile(
            "^([a-z]{2,3}-[A-Z]{2})-(Standard|Wavenet|Neural2|Journey|Chirp-HD|Chirp3-HD)-[A-Za-z0-9]+$");
    private static final Pattern ALREADY_QUALIFIED = Pattern.compile("^(Google|Polly)\\.[A-Za-z0-9-]+$");

    private TwilioSayVoices() {
    }

    /** A {@code <Say>} voice and language for an agent voice. */
    public record SayVoice(String voice, String language) {
    }

    public static SayVoice forAgent(AgentVoice agentVoice) {
        String voice = agentVoice.voice().trim();
        if (ALREADY_QUALIFIED.matcher(voice).matches()) {
            return new SayVoice(voice, agentVoice.language());
        }
        Optional<String> locale = googleLocale(voice);
        if (locale.isPresent()) {
            // the voice's own locale: a Google voice paired with another language is rejected by Twilio
            return new SayVoice("Google." + voice, locale.get());
        }
        return new SayVoice(null, agentVoice.language());
    }

    private static Optional<String> googleLocale(String voice) {
        Matcher m = GOOGLE_VOICE.matcher(voice);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
