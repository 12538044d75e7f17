package io.voiceagents.tts.application.port;

/**
 * A text-to-speech provider that hands audio over as it is produced: raw mu-law 8 kHz mono, in pieces of any
 * size. How the provider gets there (a streaming API, or one synthesis delivered at once) is the adapter's
 * business; {@link #streams(String)} only says which, for metrics.
 */
public interface StreamingSpeechSynthesizer {

    /**
     * Starts synthesizing and returns at once: nothing here may wait on the network. The request's format is
     * ignored (the audio is always raw mu-law 8 kHz). Failures, including ones found while starting, go to
     * {@link AudioSink#onError} classified as for {@link SpeechSynthesizer}.
     */
    ProviderStream start(SynthesisRequest request, AudioSink sink);

    /** True when the provider streams this voice's audio while producing it, false when it answers in one piece. */
    boolean streams(String voice);

    /** A running provider request. */
    interface ProviderStream {
        /** Stops the provider request; no sink call follows, or only ones already under way. Idempotent. */
        void cancel();
    }

    /**
     * Receives one request's audio. Calls come from provider threads, one at a time, in order; exactly one of
     * {@link #onComplete()} and {@link #onError} ends them.
     */
    interface AudioSink {

        /** More audio: raw mu-law 8 kHz; the array is the sink's to keep. */
        void onAudio(byte[] muLaw);

        void onComplete();

        void onError(SynthesisFailedException error);
    }
}
