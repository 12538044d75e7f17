package io.voiceagents.tts.infra.google;

import io.voiceagents.audio.InvalidWavException;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesizedAudio;

/**
 * Google returns MULAW as a complete WAV file (RIFF header included). The header is checked rather than trusted,
 * since Twilio plays nothing at all from a file it cannot parse; headerless mu-law is wrapped.
 */
final class GoogleAudio {

    private GoogleAudio() {
    }

    static SynthesizedAudio toWavMuLaw8k(byte[] audio) {
        if (audio.length == 0) {
            throw new SynthesisFailedException("Google TTS returned no audio");
        }
        byte[] wav = hasRiffHeader(audio) ? audio : WavFile.muLaw8kMono(audio);
        WavFormat format;
        try {
            format = WavFile.parse(wav);
        } catch (InvalidWavException e) {
            throw new SynthesisFailedException("Google TTS returned an unreadable WAV file: " + e.getMessage(), e);
        }
        if (!format.isMuLaw8kMono()) {
            throw new SynthesisFailedException("Google TTS returned format " + format.formatCode() + ", "
                    + format.sampleRate() + " Hz, " + format.channels() + " channel(s) instead of mu-law 8 kHz mono");
        }
        if (format.dataLength() == 0) {
            throw new SynthesisFailedException("Google TTS returned a WAV file without samples");
        }
        return new SynthesizedAudio(wav, format.durationMillis());
    }

    /** The samples of a SynthesizeSpeech answer, checked as above: raw mu-law 8 kHz, for streaming callers. */
    static byte[] muLaw8kSamples(byte[] audio) {
        byte[] wav = toWavMuLaw8k(audio).audio();
        return WavFile.data(wav, WavFile.parse(wav));
    }

    /**
     * The first piece of a streamed answer without its WAV header, if it has one: streamed audio is documented as
     * headerless, but unary MULAW comes with a header and a header read as samples would be a click on the line.
     */
    static byte[] withoutStreamHeader(byte[] firstPiece) {
        if (!hasRiffHeader(firstPiece)) {
            return firstPiece;
        }
        WavFormat format;
        try {
            format = WavFile.parse(firstPiece);
        } catch (InvalidWavException e) {
            throw new SynthesisFailedException("Google TTS streamed a WAV header that cannot be read: " + e.getMessage(), e);
        }
        if (!format.isMuLaw8kMono()) {
            throw new SynthesisFailedException("Google TTS streamed format " + format.formatCode() + ", "
                    + format.sampleRate() + " Hz, " + format.channels() + " channel(s) instead of mu-law 8 kHz mono");
        }
        byte[] samples = new byte[firstPiece.length - format.dataOffset()];
        System.arraycopy(firstPiece, format.dataOffset(), samples, 0, samples.length);
        return samples;
    }

    private static boolean hasRiffHeader(byte[] audio) {
        return audio.length >= 4 && audio[0] == 'R' && audio[1] == 'I' && audio[2] == 'F' && audio[3] == 'F';
    }
}
