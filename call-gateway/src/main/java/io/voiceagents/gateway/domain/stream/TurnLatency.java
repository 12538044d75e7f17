package io.voiceagents.gateway.domain.stream;

import io.voiceagents.gateway.domain.LatencyLedger;

/**
 * The moments of one `stream` turn, from the end of the caller's speech to the first audio frame of the reply,
 * turned into a {@link LatencyLedger}. Moments are {@link System#nanoTime()} readings of the gateway; the
 * provider figures (LLM time to first token, TTS time to first byte) are what agent-service and tts-service
 * measured at their provider clients. Each "first" moment is kept once. Used from one thread.
 *
 * <p>Server-added time is the first-audio time minus what the gateway does not control: the endpointing
 * wait, the STT provider's final, the LLM provider until the first sentence was complete (its time to first
 * token plus the generation of the rest of that sentence) and the TTS provider's first byte. What remains is
 * the suite's own work: hops, queues, parsing, pacing.
 */
public final class TurnLatency {

    private static final long UNSET = Long.MIN_VALUE;
    private static final long NANOS_PER_MS = 1_000_000L;

    private final long decidedNanos;
    private final Long endpointingMs;
    private final boolean recognised;
    private long sttFinalNanos = UNSET;
    private long firstDeltaNanos = UNSET;
    private long llmFirstTokenMs = UNSET;
    private long firstSentenceNanos = UNSET;
    private long ttsFirstByteMs = UNSET;
    private long firstAudioNanos = UNSET;
    private long firstFrameNanos = UNSET;

    private TurnLatency(long decidedNanos, Long endpointingMs, boolean recognised) {
        this.decidedNanos = decidedNanos;
        this.endpointingMs = endpointingMs;
        this.recognised = recognised;
    }

    /**
     * A spoken turn.
     *
     * @param decidedNanos  when the turn detector ended the turn
     * @param endpointingMs how long before that the caller's last speech frame was (the end-of-turn silence)
     */
    public static TurnLatency spoken(long decidedNanos, long endpointingMs) {
        return new TurnLatency(decidedNanos, Math.max(0, endpointingMs), true);
    }

    /** A turn of keys (DTMF): no endpointing, no recognition; time counts from the input's end. */
    public static TurnLatency keyed(long decidedNanos) {
        return new TurnLatency(decidedNanos, null, false);
    }

    public void sttFinal(long nanos) {
        if (recognised && sttFinalNanos == UNSET) {
            sttFinalNanos = nanos;
        }
    }

    /** @param providerFirstTokenMs the LLM provider's time to first token as agent-service measured it */
    public void firstDelta(long nanos, long providerFirstTokenMs) {
        if (firstDeltaNanos == UNSET) {
            firstDeltaNanos = nanos;
            llmFirstTokenMs = Math.max(0, providerFirstTokenMs);
        }
    }

    public void firstSentence(long nanos) {
        if (firstSentenceNanos == UNSET) {
            firstSentenceNanos = nanos;
        }
    }

    /**
     * The first audio of the first sentence arrived at the gateway.
     *
     * @param providerFirstByteMs 0 when cached
     */
    public void firstAudio(long nanos, long providerFirstByteMs, boolean cached) {
        if (ttsFirstByteMs == UNSET) {
            ttsFirstByteMs = cached ? 0 : Math.max(0, providerFirstByteMs);
            firstAudioNanos = nanos;
        }
    }

    public void firstFrameSent(long nanos) {
        if (firstFrameNanos == UNSET) {
            firstFrameNanos = nanos;
        }
    }

    public boolean firstFrameSent() {
        return firstFrameNanos != UNSET;
    }

    /** End of the caller's speech (or of the keys) → first reply frame sent, in ms; null before that frame. */
    public Long firstAudioMs() {
        return firstFrameNanos == UNSET ? null : (firstFrameNanos - endOfInputNanos()) / NANOS_PER_MS;
    }

    public LatencyLedger ledger() {
        Long sttFinalMs = sttFinalNanos == UNSET ? null : (sttFinalNanos - decidedNanos) / NANOS_PER_MS;
        Long llmMs = llmFirstTokenMs == UNSET ? null : llmFirstTokenMs;
        Long ttsMs = ttsFirstByteMs == UNSET ? null : ttsFirstByteMs;
        Long firstAudioMs = firstAudioMs();
        return new LatencyLedger(endpointingMs, sttFinalMs, llmMs, ttsMs, firstAudioMs, serverAddedMs());
    }

    private Long serverAddedMs() {
        if (firstFrameNanos == UNSET) {
            return null;
        }
        long total = firstFrameNanos - endOfInputNanos();
        long providers = 0;
        if (endpointingMs != null) {
            providers += endpointingMs * NANOS_PER_MS;
        }
        if (sttFinalNanos != UNSET) {
            providers += sttFinalNanos - decidedNanos;
        }
        if (firstDeltaNanos != UNSET) {
            providers += llmFirstTokenMs * NANOS_PER_MS;
            if (firstSentenceNanos != UNSET && firstSentenceNanos > firstDeltaNanos) {
                // the rest of the first sentence was the provider still generating
                providers += firstSentenceNanos - firstDeltaNanos;
            }
        }
        if (ttsFirstByteMs != UNSET) {
            providers += ttsFirstByteMs * NANOS_PER_MS;
        }
        // clocks of three services meet here: a provider figure slightly above the gateway's view is no negative time
        return Math.max(0, total - providers) / NANOS_PER_MS;
    }

    /**
     * Where the server-added time went, for the operator looking for the slow hop; the parts add up to it (less
     * rounding). Null before the first frame, or when the reply never reached text and audio (a fallback played).
     */
    public ServerAddedParts serverAddedParts() {
        if (firstFrameNanos == UNSET || firstDeltaNanos == UNSET || firstSentenceNanos == UNSET
                || firstAudioNanos == UNSET) {
            return null;
        }
        long asked = recognised && sttFinalNanos != UNSET ? sttFinalNanos : decidedNanos;
        long reply = firstDeltaNanos - asked - llmFirstTokenMs * NANOS_PER_MS;
        long sentence = Math.max(firstSentenceNanos, firstDeltaNanos);
        long speech = firstAudioNanos - sentence - ttsFirstByteMs * NANOS_PER_MS;
        long playout = firstFrameNanos - Math.max(firstAudioNanos, sentence);
        return new ServerAddedParts(Math.max(0, reply) / NANOS_PER_MS, Math.max(0, speech) / NANOS_PER_MS,
                Math.max(0, playout) / NANOS_PER_MS);
    }

    /**
     * The server-added time of a turn in three parts, in milliseconds.
     *
     * @param replyMs   transcript ready → first reply token back, less the LLM provider's time to first token:
     *                  the gateway's hand-offs, both gRPC hops and agent-service's own work
     * @param speechMs  first sentence complete → its first audio back, less the TTS provider's first byte: the hops
     *                  to tts-service and its own work (all of it for a cached sentence)
     * @param playoutMs first audio at the gateway → its first frame sent to Twilio
     */
    public record ServerAddedParts(long replyMs, long speechMs, long playoutMs) {
    }

    private long endOfInputNanos() {
        return endpointingMs == null ? decidedNanos : decidedNanos - endpointingMs * NANOS_PER_MS;
    }
}
