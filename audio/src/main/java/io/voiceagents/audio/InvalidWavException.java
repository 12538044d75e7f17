package io.voiceagents.audio;

/** The bytes are not a WAV file this code can read: not RIFF/WAVE, truncated, or missing the fmt/data chunk. */
public class InvalidWavException extends IllegalArgumentException {

    public InvalidWavException(String message) {
        super(message);
    }
}
