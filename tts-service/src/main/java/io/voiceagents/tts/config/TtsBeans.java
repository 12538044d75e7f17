package io.voiceagents.tts.config;

import io.voiceagents.tts.application.PhraseMemoryCache;
import io.voiceagents.tts.application.SynthesisMetrics;
import io.voiceagents.tts.application.SynthesisSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the plain application objects from configuration. */
@ApplicationScoped
class TtsBeans {

    @Produces
    @Singleton
    PhraseMemoryCache memoryCache(TtsConfig config, SynthesisMetrics metrics) {
        PhraseMemoryCache cache = new PhraseMemoryCache(config.cache().memoryMaxBytes());
        metrics.watch(cache);
        return cache;
    }

    @Produces
    @Singleton
    SynthesisSettings synthesisSettings(TtsConfig config) {
        return new SynthesisSettings(config.defaultVoice(), config.defaultLanguage(), config.maxTextLength(),
                config.synthesisTimeout(), config.presynthesisTimeout());
    }
}
