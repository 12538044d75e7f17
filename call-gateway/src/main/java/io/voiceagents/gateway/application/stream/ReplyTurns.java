package io.voiceagents.gateway.application.stream;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/**
 * The agent's side of a turn: the reply streamed from agent-service is cut into sentences that are spoken as
 * they complete, its timings go into the turn's ledger, a failing or stalling reply or synthesis ends in the
 * apology, and the turn is stored once — when it has played, or with what was heard when it was cut short.
 * Runs on the session thread.
 */
final class ReplyTurns implements AgentSpeech.Events {

    private static final Logger LOG = Logger.getLogger(ReplyTurns.class);
    /** How long after the last mark was sent (and its audio should have played) Twilio may take to echo it. */
    private static final Duration MARK_GRACE = Duration.ofSeconds(2);

    private final StreamSession session;
    private final StreamEnvironment env;
    private final StreamSettings settings;
    private final String callSid;
    private AgentSpeech speech;
    private String agentId;
    /** The caller turn whose reply is current (or was last). */
    private AgentTurn turn;

    ReplyTurns(StreamSession session, StreamEnvironment env, String callSid) {
        this.session = session;
        this.env = env;
        this.settings = env.settings();
        this.callSid = callSid;
    }

    void begin(AgentSpeech agentSpeech, String answeringAgentId) {
        this.speech = agentSpeech;
        this.agentId = answeringAgentId;
    }

    /** Asks for the reply to a caller turn and starts speaking it as it streams in; returns its utterance. */
    UtteranceHandle answer(int index, String text, float confidence, String dtmfDigits, TurnLatency latency) {
        UtteranceHandle utterance = speech.begin(index, UtteranceHandle.Kind.REPLY);
        AgentTurn t = new AgentTurn(index, text, dtmfDigits == null ? confidence : null, dtmfDigits, latency, utterance,
                settings.sentenceMaxChars());
        turn = t;
        t.replyBudget = session.schedule(settings.replyBudget(), () -> failed(t, "stalled past the reply budget", null));
        try {
            t.reply = env.conversations().streamReply(callSid, text, confidence, dtmfDigits, Turn.turnId(callSid, index),
                    listener(t));
            utterance.attachReply(t.reply);
        } catch (RuntimeException e) {
            failed(t, "could not be started", e);
        }
        return utterance;
    }

    /** The utterance finished playing: its turn is stored as spoken. */
    void played(UtteranceHandle utterance) {
        AgentTurn t = turnOf(utterance);
        if (t != null) {
            store(t, utterance.spokenText(), false);
        }
    }

    /** The utterance was interrupted or abandoned: agent-service and the transcript keep what was heard. */
    void cutShort(UtteranceHandle utterance, String heard) {
        AgentTurn t = turnOf(utterance);
        if (t != null) {
            t.replyBudget.cancel();
            session.recordInterruption(t.index, heard);
            store(t, heard, true);
        }
    }

    /** The call is over: no budget may fire any more. */
    void close() {
        if (turn != null) {
            turn.replyBudget.cancel();
        }
    }

    private ConversationStreams.ReplyListener listener(AgentTurn t) {
        return new ConversationStreams.ReplyListener() {
            @Override
            public void onDelta(String text, long llmFirstTokenMs) {
                session.urgently(() -> delta(t, text, llmFirstTokenMs));
            }

            @Override
            public void onComplete(ConversationStreams.ReplyEnd end) {
                session.urgently(() -> complete(t, end));
            }

            @Override
            public void onError(AgentServiceException error) {
                session.urgently(() -> failed(t, error.timedOut() ? "timed out" : "failed", error));
            }
        };
    }

    private boolean open(AgentTurn t) {
        return !session.isClosed() && t.utterance.isActive() && t.end == null && !t.fellBack;
    }

    private void delta(AgentTurn t, String text, long llmFirstTokenMs) {
        if (!open(t) || text == null || text.isEmpty()) {
            return;
        }
        long now = env.clock().nanoTime();
        t.latency.firstDelta(now, llmFirstTokenMs);
        t.replyBudget.cancel();
        t.replyBudget = session.schedule(settings.replyBudget(), () -> failed(t, "stalled past the reply budget", null));
        session.live(LiveCallEvent.Type.AGENT_TEXT, text, t.index);
        for (String sentence : t.splitter.add(text)) {
            t.latency.firstSentence(now);
            speech.say(t.utterance, sentence);
        }
    }

    private void complete(AgentTurn t, ConversationStreams.ReplyEnd end) {
        if (!open(t)) {
            return;
        }
        t.replyBudget.cancel();
        t.end = end;
        long now = env.clock().nanoTime();
        for (String sentence : t.splitter.finish()) {
            t.latency.firstSentence(now);
            speech.say(t.utterance, sentence);
        }
        t.utterance.textComplete();
        if (end.outcome() == TurnOutcome.END_CALL) {
            session.hangUpAfterSpeaking();
        } else if (end.outcome() == TurnOutcome.TRANSFER) {
            if (end.transferTo() == null || end.transferTo().isBlank()) {
                LOG.errorf("call %s: agent-service asked for a transfer without a number; the call goes on", callSid);
            } else {
                session.transferAfterSpeaking(end.transferTo());
            }
        }
        session.finishIfComplete(t.utterance);
    }

    /** agent-service failed, stalled or could not be asked: what was said stays, the apology follows. */
    private void failed(AgentTurn t, String what, Exception error) {
        if (!open(t)) {
            return;
        }
        LOG.warnf("call %s turn %d: the reply %s, the caller hears the apology%s", callSid, t.index, what,
                error == null ? "" : ": " + error.getMessage());
        t.replyBudget.cancel();
        t.fellBack = true;
        t.utterance.stopReply();
        speech.sayApology(t.utterance);
        t.utterance.textComplete();
        session.finishIfComplete(t.utterance);
    }

    @Override
    public void sentenceAudioStarted(UtteranceHandle.Sentence sentence, long providerFirstByteMs, boolean cached,
            long nanos) {
        AgentTurn t = turnOf(sentence.utterance());
        if (t != null && sentence.index() == 0) {
            t.latency.firstAudio(nanos, providerFirstByteMs, cached);
            t.ttsLatencyMs = (nanos - sentence.requestedNanos()) / 1_000_000L;
        }
    }

    @Override
    public void sentenceFailed(UtteranceHandle.Sentence sentence, SpeechSynthesisException error) {
        UtteranceHandle utterance = sentence.utterance();
        if (session.isClosed() || !utterance.isActive()) {
            return;
        }
        LOG.warnf("call %s: synthesis of a sentence %s, the apology is played instead: %s", callSid,
                error.timedOut() ? "missed its budget" : "failed", error.getMessage());
        AgentTurn t = turnOf(utterance);
        if (t != null) {
            t.ttsFallback = true;
            t.fellBack = true;
            t.replyBudget.cancel();
        }
        utterance.truncateAfter(sentence.index());
        speech.replaceWithApology(sentence);
        session.finishIfComplete(utterance);
    }

    @Override
    public void firstFrameSent(UtteranceHandle.Sentence sentence, long nanos) {
        AgentTurn t = turnOf(sentence.utterance());
        if (t != null) {
            t.latency.firstFrameSent(nanos);
        }
    }

    @Override
    public void markSent(UtteranceHandle.Sentence sentence) {
        sentence.markSent();
        UtteranceHandle utterance = sentence.utterance();
        if (!session.isClosed() && utterance.isActive() && utterance.allMarksSent()) {
            // the echoes should follow once the buffered audio has played; if Twilio never sends them, move on
            session.expectEchoesWithin(utterance, Duration.ofMillis(session.bufferedMillis()).plus(MARK_GRACE));
        }
    }

    private AgentTurn turnOf(UtteranceHandle utterance) {
        return turn != null && turn.utterance == utterance ? turn : null;
    }

    private void store(AgentTurn t, String agentText, boolean interrupted) {
        if (t.stored) {
            return;
        }
        t.stored = true;
        env.recorder().record(t.toTurn(callSid, agentText, interrupted), agentId);
        TurnLatency.ServerAddedParts parts = t.latency.serverAddedParts();
        if (parts != null) {
            env.metrics().serverAddedParts(parts);
        }
    }
}
