package io.voiceagents.tts.application.port;

/** The provider failed in a way that may pass if tried again shortly (unavailable, overloaded, deadline). */
public class TransientSynthesisException extends SynthesisFailedException {

    public TransientSynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
