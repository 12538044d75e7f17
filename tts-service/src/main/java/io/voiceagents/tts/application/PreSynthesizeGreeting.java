package io.voiceagents.tts.application;

import java.util.Locale;

import io.voiceagents.tts.domain.AudioFormat;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Synthesizes an agent's greeting as soon as the agent is saved, so the first thing a caller hears is already
 * cached. Never throws: a failure here only costs latency on the first call.
 */
@ApplicationScoped
public class PreSynthesizeGreeting {

    private static final Logger LOG = Logger.getLogger(PreSynthesizeGreeting.class);

    /** What happened to one greeting. */
    public enum Outcome { SYNTHESIZED, CACHED, SKIPPED, FAILED }

    private final SynthesizePhrase synthesizePhrase;
    private final SynthesisSettings settings;
    private final SynthesisMetrics metrics;

    public PreSynthesizeGreeting(SynthesizePhrase synthesizePhrase, SynthesisSettings settings,
                                 SynthesisMetrics metrics) {
        this.synthesizePhrase = synthesizePhrase;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * @param agentId  for logs
     * @param greeting what the agent says first; blank means nothing to do
     * @param voice    the agent's voice, blank for the default
     * @param language the agent's language, blank for the default
     */
    public Outcome preSynthesize(String agentId, String greeting, String voice, String language) {
        Outcome outcome;
        if (greeting == null || greeting.isBlank()) {
            outcome = Outcome.SKIPPED;
        } else {
            try {
                SynthesisResult result = synthesizePhrase.synthesize(
                        new SynthesisCommand(greeting, voice, language, AudioFormat.WAV_MULAW_8K),
                        settings.presynthesisTimeout());
                outcome = result.cached() ? Outcome.CACHED : Outcome.SYNTHESIZED;
                LOG.debugf("greeting of agent %s ready as %s", agentId, result.phrase().path());
            } catch (RuntimeException e) {
                LOG.warnf("pre-synthesis of the greeting of agent %s failed (it will be synthesized on the first call): %s",
                        agentId, e.toString());
                outcome = Outcome.FAILED;
            }
        }
        metrics.presynthesis(outcome.name().toLowerCase(Locale.ROOT));
        return outcome;
    }
}
