package io.voiceagents.gateway.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.SpeechSynthesis;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.config.GatewaySettings;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.domain.TwilioSayVoices;
import io.voiceagents.gateway.domain.twiml.Prompt;

/**
 * Turns agent text into what the caller hears: synthesized audio when tts-service answers within the
 * budget, otherwise Twilio's {@code <Say>} with the closest voice, so the caller never waits in silence.
 */
@ApplicationScoped
public class Speaker {

    private static final Logger LOG = Logger.getLogger(Speaker.class);

    private final SpeechSynthesis synthesis;
    private final GatewaySettings settings;

    @Inject
    public Speaker(SpeechSynthesis synthesis, GatewaySettings settings) {
        this.synthesis = synthesis;
        this.settings = settings;
    }

    /**
     * @param ttsLatencyMs time synthesis took, null when it failed
     * @param ttsFallback  true when synthesis failed or was late and {@code <Say>} is used instead
     */
    public record Spoken(Prompt prompt, Long ttsLatencyMs, boolean ttsFallback) {
    }

    public Spoken speak(String text, AgentVoice voice) {
        long start = System.nanoTime();
        try {
            SpeechSynthesis.SynthesizedAudio audio = synthesis.synthesize(text, voice);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            return new Spoken(new Prompt.Play(settings.publicBaseUrl() + audio.path()), elapsedMs, false);
        } catch (SpeechSynthesisException e) {
            LOG.warnf("synthesis %s after %d ms, Twilio <Say> speaks instead: %s",
                    e.timedOut() ? "missed the budget" : "failed", (System.nanoTime() - start) / 1_000_000, e.getMessage());
            return new Spoken(say(text, voice), null, true);
        }
    }

    /** Twilio's own speech, for fixed gateway messages where waiting for synthesis is not worth it. */
    public Prompt.Say say(String text, AgentVoice voice) {
        TwilioSayVoices.SayVoice sayVoice = TwilioSayVoices.forAgent(voice);
        return new Prompt.Say(text, sayVoice.voice(), sayVoice.language());
    }
}
