package io.voiceagents.gateway.application.stream;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.domain.AgentVoice;

/**
 * The apology ("Sorry, I'm having trouble…") as audio, per voice, kept in memory for the life of the process:
 * it is what the caller hears when the agent, speech recognition or synthesis fails mid-call, so it must not
 * depend on synthesis working at that moment. Asked of tts-service when the first call of a voice starts.
 * Thread-safe, shared by all calls.
 */
public final class ApologyAudio {

    private static final Logger LOG = Logger.getLogger(ApologyAudio.class);

    private final StreamingSpeech speech;
    private final String text;
    private final Map<AgentVoice, byte[]> audio = new ConcurrentHashMap<>();
    private final Set<AgentVoice> inFlight = ConcurrentHashMap.newKeySet();

    public ApologyAudio(StreamingSpeech speech, String text) {
        this.speech = speech;
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The apology in this voice, when it has been synthesised. */
    public Optional<byte[]> get(AgentVoice voice) {
        return Optional.ofNullable(audio.get(voice));
    }

    /** Makes sure the apology exists in this voice: synthesises it once (again later if this attempt fails). */
    public void prepare(AgentVoice voice) {
        if (audio.containsKey(voice) || !inFlight.add(voice)) {
            return;
        }
        ByteArrayOutputStream collected = new ByteArrayOutputStream(16_000);
        try {
            speech.synthesize(text, voice, new StreamingSpeech.AudioListener() {
                @Override
                public void onAudio(byte[] muLaw, boolean first, boolean cached, long providerFirstByteMs) {
                    synchronized (collected) {
                        collected.writeBytes(muLaw);
                    }
                }

                @Override
                public void onComplete(long durationMs) {
                    synchronized (collected) {
                        if (collected.size() > 0) {
                            audio.put(voice, collected.toByteArray());
                        }
                    }
                    inFlight.remove(voice);
                }

                @Override
                public void onError(SpeechSynthesisException error) {
                    inFlight.remove(voice);
                    LOG.warnf("the apology could not be synthesised in voice '%s' (next call retries): %s", voice.voice(),
                            error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(voice);
            LOG.warnf(e, "the apology could not be requested in voice '%s'", voice.voice());
        }
    }
}
