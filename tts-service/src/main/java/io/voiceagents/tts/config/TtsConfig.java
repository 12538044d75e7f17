package io.voiceagents.tts.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Typed configuration of tts-service. Hibernate Validator checks the annotated values when the service starts;
 * {@link TtsConfigCheck} checks the durations. Either stops the start with a message saying what to set.
 */
@ConfigMapping(prefix = "tts")
public interface TtsConfig {

    Google google();

    Cache cache();

    Stream stream();

    /** Voice for requests that name none (and for agents without one). */
    @WithDefault("en-US-Neural2-F")
    @NotBlank(message = "must name a Google TTS voice: set TTS_DEFAULT_VOICE, e.g. en-US-Neural2-F")
    String defaultVoice();

    /** Language for requests that name none. */
    @WithDefault("en-US")
    @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*",
            message = "must be a BCP-47 language tag: set TTS_DEFAULT_LANGUAGE, e.g. en-US")
    String defaultLanguage();

    /** How long a caller waits for the provider before DEADLINE_EXCEEDED (call-gateway then uses {@code <Say>}). */
    @WithDefault("3s")
    Duration synthesisTimeout();

    /** How long greeting pre-synthesis waits for the provider; nobody is on the line, so it can be generous. */
    @WithDefault("30s")
    Duration presynthesisTimeout();

    /** Longest text accepted, in characters; longer requests get INVALID_ARGUMENT. Google accepts 5000 bytes. */
    @WithDefault("1000")
    @Min(value = 1, message = "must be at least 1: set TTS_MAX_TEXT_LENGTH, e.g. 1000")
    @Max(value = 5000, message = "must be at most 5000, Google's request limit: lower TTS_MAX_TEXT_LENGTH")
    int maxTextLength();

    interface Google {
        /** host:port of the Text-to-Speech API; the emulator's address in the sandbox. */
        @WithDefault("texttospeech.googleapis.com:443")
        @Pattern(regexp = "[^\\s:/]+:\\d{1,5}",
                message = "must be host:port without scheme: set TTS_GOOGLE_ENDPOINT, e.g. texttospeech.googleapis.com:443")
        String endpoint();

        /** True only for the emulator: plaintext channel, no credentials. Real Google uses TLS and ADC. */
        @WithDefault("false")
        boolean plaintext();

        /** Deadline of one SynthesizeSpeech call (each retry gets its own). */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Voices Google streams (StreamingSynthesize), as a regular expression over the whole voice name: Chirp 3: HD
         * voices. Other voices are synthesized in one SynthesizeSpeech call and then sent in chunks.
         */
        @WithDefault(".*Chirp3-HD.*")
        String streamingVoices();
    }

    /** StreamSynthesize: raw mu-law audio in chunks for {@code stream} mode calls. */
    interface Stream {
        /** Audio in the first chunk (whole 20 ms frames): small, so a cached phrase starts playing at once. */
        @WithDefault("160ms")
        Duration firstChunk();

        /** Most audio in each later chunk (whole 20 ms frames). */
        @WithDefault("1s")
        Duration chunk();

        /** How long the provider may take to its first audio before the stream fails with UNAVAILABLE. */
        @WithDefault("3s")
        Duration firstByteTimeout();

        /** How long the provider may take for a whole sentence before the stream fails with UNAVAILABLE. */
        @WithDefault("30s")
        Duration timeout();

        /** Further provider attempts after a retriable failure, made only while no audio has been sent. */
        @WithDefault("1")
        @Min(value = 0, message = "must not be negative: set TTS_STREAM_PROVIDER_RETRIES, e.g. 1")
        @Max(value = 3, message = "must be at most 3, a caller is waiting: lower TTS_STREAM_PROVIDER_RETRIES")
        int providerRetries();
    }

    interface Cache {
        /** Audio bytes kept in memory (least recently used phrases are dropped first); 0 disables. */
        @WithDefault("67108864")
        @Min(value = 0, message = "must not be negative: set TTS_CACHE_MEMORY_MAX_BYTES, e.g. 67108864 for 64 MiB, or 0 to disable")
        long memoryMaxBytes();
    }
}
