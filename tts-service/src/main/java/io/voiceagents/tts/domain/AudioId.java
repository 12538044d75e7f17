package io.voiceagents.tts.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content address of a phrase: the first 128 bits of SHA-256 over its {@link PhraseKey}, as 32 lower-case hex
 * digits. The same key always gives the same id, so the audio URL is stable and can be cached forever by Twilio
 * and any proxy in between.
 *
 * @param value 32 lower-case hex digits
 */
public record AudioId(String value) {

    /**
     * Prefix of the hashed material. Bump it when what a key sounds like changes for the same fields (another
     * sample rate, a new provider), so old URLs are not served with new audio.
     */
    static final String DERIVATION = "voiceagents-tts-v1";
    public static final int LENGTH = 32;

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{" + LENGTH + "}");
    private static final char SEPARATOR = '\u0000';

    public AudioId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("an audio id is " + LENGTH + " lower-case hex digits, got: " + value);
        }
    }

    public static AudioId of(PhraseKey key) {
        // NUL cannot occur in the normalized fields' meaningful content, so field boundaries stay unambiguous
        String material = DERIVATION + SEPARATOR + key.text() + SEPARATOR + key.voice() + SEPARATOR
                + key.language() + SEPARATOR + key.format().name();
        byte[] digest = sha256().digest(material.getBytes(StandardCharsets.UTF_8));
        return new AudioId(HexFormat.of().formatHex(digest, 0, LENGTH / 2));
    }

    /** The id in a URL, if well-formed: anything else cannot name a phrase. */
    public static Optional<AudioId> parse(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches()
                ? Optional.of(new AudioId(candidate))
                : Optional.empty();
    }

    /** Path of the audio under the service's public base URL. */
    public String path(AudioFormat format) {
        return "/tts/audio/" + value + "." + format.fileExtension();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
