package io.voiceagents.gateway.application.port;

/**
 * Streaming speech recognition of a caller's utterance (`stream` mode). One {@link Recognition} per caller
 * turn: opened when the caller starts speaking, fed 8 kHz mu-law as it arrives, finished when the turn
 * is decided. Providers (Google Cloud Speech-to-Text today) sit behind this port; adapters map their
 * errors to {@link SpeechToTextException} and call the listener from their own threads.
 */
public interface SpeechToText {

    /**
     * Opens a recognition stream. Never blocks on the network: a connection failure is reported to
     * {@link Listener#onError}.
     */
    Recognition open(Options options, Listener listener);

    /** @param language BCP-47 code, e.g. "en-US" */
    record Options(String language) {
    }

    /** One open recognition. Methods may be called from any thread; calls after finish or cancel are ignored. */
    interface Recognition {

        /** Audio of the utterance: raw mu-law, 8 kHz, mono (typically one 160-byte frame at a time). */
        void sendAudio(byte[] muLaw, int offset, int length);

        /** No more audio: the provider should return its final result now (half-close). */
        void finish();

        /** Abandon: no more results wanted, release the stream. */
        void cancel();
    }

    /** Results, in order, from the adapter's threads; after onFinal or onError nothing more arrives. */
    interface Listener {

        /** A provisional transcript of everything heard so far (replaces the previous interim). */
        void onInterim(String transcript, float stability);

        /**
         * The final transcript of the utterance (empty when nothing was recognised).
         *
         * @param confidence in [0, 1], 0 when unknown
         */
        void onFinal(String transcript, float confidence);

        void onError(SpeechToTextException error);
    }
}
