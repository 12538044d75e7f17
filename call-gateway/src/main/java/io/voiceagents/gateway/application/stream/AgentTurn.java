package io.voiceagents.gateway.application.stream;

import java.time.Instant;

import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.stream.SentenceSplitter;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/** A caller turn being answered: what the caller said or keyed, the reply as it streams, and its timings. */
final class AgentTurn {

    /** How a turn of keys is written in the transcript, which has no separate column for them. */
    static final String DTMF_PREFIX = "DTMF: ";

    final int index;
    final String callerText;
    final Float confidence;
    final String dtmfDigits;
    final TurnLatency latency;
    final UtteranceHandle utterance;
    final SentenceSplitter splitter;
    ConversationStreams.ReplyStream reply;
    ConversationStreams.ReplyEnd end;
    Timers.Timer replyBudget = Timers.NONE;
    /** agent-service failed or stalled, or a sentence could not be synthesised: the caller heard the apology. */
    boolean fellBack;
    boolean ttsFallback;
    Long ttsLatencyMs;
    boolean stored;

    AgentTurn(int index, String callerText, Float confidence, String dtmfDigits, TurnLatency latency,
            UtteranceHandle utterance, int sentenceMaxChars) {
        this.index = index;
        this.callerText = callerText;
        this.confidence = confidence;
        this.dtmfDigits = dtmfDigits;
        this.latency = latency;
        this.utterance = utterance;
        this.splitter = new SentenceSplitter(sentenceMaxChars);
    }

    TurnOutcome outcome() {
        if (fellBack) {
            return TurnOutcome.FALLBACK;
        }
        return end == null ? TurnOutcome.OK : end.outcome();
    }

    Turn toTurn(String callSid, String agentText, boolean interrupted) {
        String caller = dtmfDigits == null ? callerText : DTMF_PREFIX + dtmfDigits;
        Long firstAudioMs = latency.firstAudioMs();
        return new Turn(callSid, index, caller, confidence, agentText, outcome(), end == null ? null : end.llmLatencyMs(),
                ttsLatencyMs, ttsFallback, firstAudioMs == null ? 0 : firstAudioMs, Instant.now(), null, interrupted,
                latency.ledger());
    }
}
