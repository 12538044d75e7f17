package io.voiceagents.tts.application;

import java.time.Duration;

/**
 * The provider did not answer within the caller's wait. Synthesis goes on in the background and lands in the
 * cache, so asking again later is cheap.
 */
public class SynthesisTimeoutException extends RuntimeException {

    public SynthesisTimeoutException(Duration waited) {
        super("speech synthesis took longer than " + waited.toMillis() + " ms; it continues in the background");
    }
}
