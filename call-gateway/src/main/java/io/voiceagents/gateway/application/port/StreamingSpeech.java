package io.voiceagents.gateway.application.port;

import io.voiceagents.gateway.domain.AgentVoice;

/**
 * Streaming synthesis (tts-service): one sentence in, raw mu-law 8 kHz audio out in chunks as soon as it
 * exists (`stream` mode). Adapters call listeners from their own threads.
 */
public interface StreamingSpeech {

    /** Starts synthesising one sentence. Never blocks on the network; failures go to {@link AudioListener#onError}. */
    SynthesisStream synthesize(String sentence, AgentVoice voice, AudioListener listener);

    interface SynthesisStream {
        /** Stops the synthesis (barge-in, hang-up); no listener calls follow. Idempotent. */
        void cancel();
    }

    interface AudioListener {

        /**
         * The next audio of the sentence: raw mu-law 8 kHz, a whole number of 160-byte frames except maybe
         * in the last chunk.
         *
         * @param first                true on the first chunk
         * @param cached               on the first chunk: served from the phrase cache
         * @param providerFirstByteMs  on the first chunk: the provider's time to first audio, 0 when cached
         */
        void onAudio(byte[] muLaw, boolean first, boolean cached, long providerFirstByteMs);

        /** All the sentence's audio has been delivered. */
        void onComplete(long durationMs);

        void onError(SpeechSynthesisException error);
    }
}
