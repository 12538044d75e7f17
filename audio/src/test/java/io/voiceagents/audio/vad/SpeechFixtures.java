package io.voiceagents.audio.vad;

import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import io.voiceagents.audio.turn.TurnDetector;
import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The speech fixtures copied from testkit (see the README next to them), decoded to 8 kHz PCM16. */
final class SpeechFixtures {

    /** Fixtures that are speech; each is one utterance with short pauses between words. */
    static final List<String> SPEECH = List.of("hello_booking", "opening_hours", "yes_thanks", "transfer_request");

    static final int FRAME = MuLaw.FRAME_BYTES;

    private SpeechFixtures() {
    }

    static short[] pcm(String name) {
        String resource = "/io/voiceagents/audio/speech/" + name + ".wav";
        try (InputStream in = SpeechFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture " + resource);
            }
            byte[] wav = in.readAllBytes();
            WavFormat format = WavFile.parse(wav);
            if (!format.isMuLaw8kMono()) {
                throw new IllegalStateException(resource + " is not mu-law 8 kHz mono: " + format);
            }
            return MuLaw.decode(WavFile.data(wav, format));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static short[] silence(int millis) {
        return new short[millis * MuLaw.SAMPLE_RATE / 1000];
    }

    /** Concatenates and pads with digital silence to whole 20 ms frames. */
    static short[] join(short[]... parts) {
        int length = 0;
        for (short[] part : parts) {
            length += part.length;
        }
        short[] out = new short[(length + FRAME - 1) / FRAME * FRAME];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The probability the detector returns for each 20 ms frame of {@code pcm} (a whole number of frames). */
    static float[] probabilities(VoiceActivityDetector detector, short[] pcm) {
        float[] out = new float[pcm.length / FRAME];
        for (int f = 0; f < out.length; f++) {
            out[f] = detector.accept(pcm, f * FRAME);
        }
        return out;
    }

    /** A turn event and the frame it happened on. */
    record Edge(int frame, TurnEvent event, int millisSinceLastSpeech) {
        int millis() {
            return (frame + 1) * MuLaw.FRAME_MILLIS;
        }
    }

    static List<Edge> turns(float[] probabilities, TurnSettings settings) {
        TurnDetector turns = new TurnDetector(settings);
        List<Edge> edges = new ArrayList<>();
        for (int f = 0; f < probabilities.length; f++) {
            TurnEvent event = turns.onFrame(probabilities[f]);
            if (event != TurnEvent.NONE) {
                edges.add(new Edge(f, event, turns.millisSinceLastSpeech()));
            }
        }
        return edges;
    }
}
