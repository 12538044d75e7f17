package io.voiceagents.tts.config;

import java.time.Duration;

import io.voiceagents.audio.MuLaw;
import io.voiceagents.tts.application.PhraseMemoryCache;
import io.voiceagents.tts.application.SynthesisMetrics;
import io.voiceagents.tts.application.SynthesisSettings;
import io.voiceagents.tts.application.stream.StreamSettings;
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

    @Produces
    @Singleton
    StreamSettings streamSettings(TtsConfig config) {
        TtsConfig.Stream stream = config.stream();
        return new StreamSettings(bytesOf(stream.firstChunk()), bytesOf(stream.chunk()), stream.firstByteTimeout(),
                stream.timeout(), stream.providerRetries());
    }

    /** Mu-law 8 kHz: one byte per sample. */
    static int bytesOf(Duration audio) {
        return (int) Math.min(Integer.MAX_VALUE, audio.toMillis() * MuLaw.SAMPLE_RATE / 1000);
    }
}
