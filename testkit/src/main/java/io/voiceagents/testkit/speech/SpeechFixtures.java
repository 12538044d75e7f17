package io.voiceagents.testkit.speech;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;

/**
 * Committed recordings of real (synthetic) speech and of non-speech sounds, as a phone line carries them
 * (raw mu-law, 8 kHz, mono), with the transcript of each. Made by {@code testkit/fixtures/make-speech-fixtures.sh}
 * (espeak-ng and sox). Callers emulating Twilio send them; the speech-to-text emulator recognises them.
 */
public final class SpeechFixtures {

    public static final String HELLO_BOOKING = "hello_booking";
    public static final String OPENING_HOURS = "opening_hours";
    public static final String YES_THANKS = "yes_thanks";
    public static final String TRANSFER_REQUEST = "transfer_request";
    public static final String GOODBYE = "goodbye";
    public static final String LONG_QUESTION = "long_question";
    public static final String INTERRUPT = "interrupt";
    /** 140 ms of shaped noise: a cough, which must not count as the caller taking the turn. */
    public static final String COUGH = "cough";
    /** Two seconds of quiet line noise: no speech. */
    public static final String LINE_NOISE = "line_noise";

    private static final String DIR = "/io/voiceagents/testkit/speech/";
    private static final Map<String, SpeechFixture> ALL = load();

    private SpeechFixtures() {
    }

    /**
     * One fixture.
     *
     * @param transcript what is said; empty for non-speech sounds
     * @param muLaw      raw mu-law 8 kHz mono samples (no header)
     */
    public record SpeechFixture(String name, String transcript, byte[] muLaw) {

        public boolean isSpeech() {
            return !transcript.isEmpty();
        }

        public long durationMillis() {
            return muLaw.length / 8L;
        }
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static SpeechFixture get(String name) {
        SpeechFixture fixture = ALL.get(name);
        if (fixture == null) {
            throw new IllegalArgumentException("no speech fixture '" + name + "'; known: " + ALL.keySet());
        }
        return fixture;
    }

    public static List<SpeechFixture> all() {
        return List.copyOf(ALL.values());
    }

    /** Fixtures with speech in them (non-empty transcript). */
    public static List<SpeechFixture> speech() {
        List<SpeechFixture> speech = new ArrayList<>();
        for (SpeechFixture f : ALL.values()) {
            if (f.isSpeech()) {
                speech.add(f);
            }
        }
        return speech;
    }

    private static Map<String, SpeechFixture> load() {
        Properties transcripts = new Properties();
        try (InputStream in = resource("transcripts.properties")) {
            transcripts.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, SpeechFixture> fixtures = new LinkedHashMap<>();
        transcripts.stringPropertyNames().stream().sorted().forEach(name -> {
            try (InputStream in = resource(name + ".wav")) {
                byte[] wav = in.readAllBytes();
                WavFormat format = WavFile.parse(wav);
                if (!format.isMuLaw8kMono()) {
                    throw new IllegalStateException("fixture " + name + " is not mu-law 8 kHz mono: " + format);
                }
                fixtures.put(name, new SpeechFixture(name, transcripts.getProperty(name).strip(), WavFile.data(wav, format)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return fixtures;
    }

    private static InputStream resource(String file) {
        InputStream in = SpeechFixtures.class.getResourceAsStream(DIR + file);
        if (in == null) {
            throw new IllegalStateException("missing speech fixture resource " + DIR + file);
        }
        return in;
    }
}
