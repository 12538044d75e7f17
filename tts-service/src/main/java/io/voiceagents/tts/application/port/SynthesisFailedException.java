package io.voiceagents.tts.application.port;

/** The provider could not synthesize the phrase and trying again will not help (credentials, bad answer, ...). */
public class SynthesisFailedException extends RuntimeException {

    public SynthesisFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public SynthesisFailedException(String message) {
        super(message);
    }
}
