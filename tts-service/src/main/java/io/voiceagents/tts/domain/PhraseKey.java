package io.voiceagents.tts.domain;

import java.text.Normalizer;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that decides what a phrase sounds like, normalized so that requests which would sound the same
 * share one cache entry: text in Unicode NFC with whitespace runs collapsed to one space, voice trimmed,
 * language in canonical BCP-47 case ("en-us" becomes "en-US").
 *
 * @param text     normalized text, never blank
 * @param voice    provider voice name, e.g. "en-US-Neural2-F"
 * @param language canonical BCP-47 language tag
 * @param format   audio format of the result
 */
public record PhraseKey(String text, String voice, String language, AudioFormat format) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern VOICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}");

    public PhraseKey {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(format, "format");
    }

    /**
     * Normalizes and validates a request.
     *
     * @param maxTextLength largest accepted text, in characters (code points) after normalization
     * @throws InvalidPhraseException naming the field at fault
     */
    public static PhraseKey of(String text, String voice, String language, AudioFormat format, int maxTextLength) {
        String normalizedText = normalizeText(text);
        if (normalizedText.isEmpty()) {
            throw new InvalidPhraseException("text", "must not be empty");
        }
        int length = normalizedText.codePointCount(0, normalizedText.length());
        if (length > maxTextLength) {
            throw new InvalidPhraseException("text", "must be at most " + maxTextLength + " characters, got " + length);
        }
        String normalizedVoice = voice == null ? "" : voice.strip();
        if (!VOICE_NAME.matcher(normalizedVoice).matches()) {
            throw new InvalidPhraseException("voice", "must be a voice name such as en-US-Neural2-F, got '" + voice + "'");
        }
        return new PhraseKey(normalizedText, normalizedVoice, canonicalLanguage(language),
                Objects.requireNonNull(format, "format"));
    }

    static String normalizeText(String text) {
        if (text == null) {
            return "";
        }
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE.matcher(nfc).replaceAll(" ").strip();
    }

    static String canonicalLanguage(String language) {
        String tag = language == null ? "" : language.strip();
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (locale.getLanguage().isEmpty()) {
                throw new InvalidPhraseException("language", "must be a BCP-47 language tag such as en-US, got '" + language + "'");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw new InvalidPhraseException("language", "must be a BCP-47 language tag such as en-US, got '" + language + "'");
        }
    }
}
