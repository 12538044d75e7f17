package io.voiceagents.tts.application.port;

/** The provider refused the request as invalid (unknown voice, voice not matching the language, ...). */
public class RejectedSynthesisException extends SynthesisFailedException {

    public RejectedSynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
