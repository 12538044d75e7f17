package io.voiceagents.tts.application.port;

/**
 * A text-to-speech provider. Implementations classify their failures: {@link TransientSynthesisException} when
 * trying again may work, {@link RejectedSynthesisException} when the provider refused the request itself,
 * {@link SynthesisFailedException} for anything else.
 */
public interface SpeechSynthesizer {

    /** Synthesizes one phrase; blocks until the provider answered. */
    SynthesizedAudio synthesize(SynthesisRequest request);
}
