package io.voiceagents.gateway.application.stream;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.port.SpeechToTextException;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.stream.DtmfCollector;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/**
 * The caller's side of a session's turn-taking: when their speech interrupts the agent (barge-in past the
 * minimum), when an utterance is a turn to answer or only a remark over the agent, what happens when
 * recognition is late, empty or failing, and how keys become a turn. Runs on the session thread.
 */
final class CallerTurns implements CallerAudio.Events {

    private static final Logger LOG = Logger.getLogger(CallerTurns.class);

    private final StreamSession session;
    private final StreamSettings settings;
    private final NanoClock clock;
    private final String callSid;
    /** Utterances whose turn ended, waiting for their final transcript. */
    private final Set<CallerUtterance> finishing = new LinkedHashSet<>();
    private final DtmfCollector dtmf = new DtmfCollector();
    private Timers.Timer dtmfTimer = Timers.NONE;

    CallerTurns(StreamSession session, StreamSettings settings, NanoClock clock, String callSid) {
        this.session = session;
        this.settings = settings;
        this.clock = clock;
        this.callSid = callSid;
    }

    /** A transcript is still expected: the caller has had their say, the answer is on its way. */
    boolean awaitingTranscript() {
        return !finishing.isEmpty();
    }

    /** Drops what the caller started (the call is ending): pending transcripts and keys. */
    void abandon() {
        for (CallerUtterance pending : finishing) {
            pending.cancel();
        }
        finishing.clear();
        dtmfTimer.cancel();
    }

    @Override
    public void speechStarted(CallerUtterance utterance, long nanos) {
        if (session.isClosed() || session.isEnding()) {
            utterance.cancel();
            return;
        }
        session.cancelSilenceTimer();
        session.live(LiveCallEvent.Type.CALLER_SPEAKING, null, session.nextTurnIndex());
        checkBargeIn(utterance, nanos);
    }

    @Override
    public void speechContinues(CallerUtterance utterance, long nanos) {
        if (utterance.state() == CallerUtterance.State.LISTENING) {
            checkBargeIn(utterance, nanos);
        }
    }

    /** The caller has spoken over the agent for the barge-in minimum: the agent stops at once. */
    private void checkBargeIn(CallerUtterance utterance, long nanos) {
        if (utterance.bargedIn() || !session.agentInterruptible()
                || utterance.speechMillis() < settings.bargeInMinSpeech().toMillis()) {
            return;
        }
        utterance.bargedIn(true);
        session.interruptSpeaking(nanos, true);
    }

    @Override
    public void turnEnded(CallerUtterance utterance, int endpointingMs, long nanos) {
        if (utterance.state() != CallerUtterance.State.LISTENING) {
            return;
        }
        if (session.isClosed() || session.isEnding()) {
            utterance.cancel();
            return;
        }
        if (session.agentSpeaking() && !utterance.bargedIn()) {
            // spoken over the agent without taking the turn ("mhm", "right"): not a question to answer
            LOG.debugf("call %s: %d ms of speech over the agent, not an interruption", callSid, utterance.speechMillis());
            utterance.cancel();
            return;
        }
        if (utterance.recognition() == null) {
            utterance.done(); // recognition failed while the caller spoke: now they have finished, apologise
            session.apologise();
            return;
        }
        TurnLatency latency = TurnLatency.spoken(nanos, endpointingMs);
        if (utterance.earlyFinal() != null) {
            utterance.finishing(latency, Timers.NONE);
            utterance.recognition().finish();
            complete(utterance, utterance.earlyFinal(), utterance.earlyConfidence());
            return;
        }
        utterance.finishing(latency, session.schedule(settings.sttFinalBudget(), () -> budgetExpired(utterance)));
        finishing.add(utterance);
        utterance.recognition().finish();
    }

    @Override
    public void interim(CallerUtterance utterance, String transcript) {
        if (session.isClosed() || utterance.state() == CallerUtterance.State.DONE || transcript == null
                || transcript.isBlank()) {
            return;
        }
        utterance.interim(transcript);
        session.live(LiveCallEvent.Type.CALLER_INTERIM, transcript, session.nextTurnIndex());
    }

    @Override
    public void recognised(CallerUtterance utterance, String transcript, float confidence) {
        if (session.isClosed()) {
            return;
        }
        switch (utterance.state()) {
            case LISTENING -> utterance.earlyFinal(transcript, confidence); // answered when the turn ends
            case FINISHING -> complete(utterance, transcript, confidence);
            case DONE -> {
            }
        }
    }

    private void complete(CallerUtterance utterance, String transcript, float confidence) {
        finishing.remove(utterance);
        utterance.done();
        utterance.latency().sttFinal(clock.nanoTime());
        if (transcript.isBlank()) {
            LOG.debugf("call %s: speech without words (noise), no reply", callSid);
            session.startSilenceTimer();
            return;
        }
        session.live(LiveCallEvent.Type.CALLER_FINAL, transcript.strip(), session.nextTurnIndex());
        session.answer(transcript.strip(), confidence, null, utterance.latency());
    }

    private void budgetExpired(CallerUtterance utterance) {
        if (utterance.state() != CallerUtterance.State.FINISHING) {
            return;
        }
        finishing.remove(utterance);
        utterance.cancel();
        String interim = utterance.lastInterim().strip();
        if (interim.isEmpty()) {
            LOG.warnf("call %s: no transcript within %d ms, the caller is asked to repeat", callSid,
                    settings.sttFinalBudget().toMillis());
            session.apologise();
            return;
        }
        LOG.infof("call %s: no final transcript within %d ms, answering the last interim one", callSid,
                settings.sttFinalBudget().toMillis());
        utterance.latency().sttFinal(clock.nanoTime());
        session.live(LiveCallEvent.Type.CALLER_FINAL, interim, session.nextTurnIndex());
        session.answer(interim, 0f, null, utterance.latency());
    }

    @Override
    public void recognitionFailed(CallerUtterance utterance, SpeechToTextException error) {
        if (session.isClosed() || utterance.state() == CallerUtterance.State.DONE) {
            return;
        }
        LOG.warnf("call %s: speech recognition failed (%s): %s", callSid, error.retriable() ? "retriable" : "not retriable",
                error.getMessage());
        if (utterance.state() == CallerUtterance.State.LISTENING) {
            utterance.recognition(null); // the caller is still talking: apologise when they have finished
            return;
        }
        finishing.remove(utterance);
        utterance.done();
        session.apologise();
    }

    /** A key: '#' ends the input, otherwise a pause does; the first key interrupts the agent. */
    void key(char key) {
        if (session.isEnding()) {
            return;
        }
        if (!DtmfCollector.isKey(key)) {
            LOG.debugf("call %s: ignoring DTMF '%s'", callSid, key);
            return;
        }
        session.cancelSilenceTimer();
        dtmfTimer.cancel();
        session.live(LiveCallEvent.Type.DTMF, String.valueOf(key), session.nextTurnIndex());
        if (session.agentInterruptible()) {
            session.interruptSpeaking(clock.nanoTime(), true);
        }
        Optional<String> input = dtmf.add(key);
        if (input.isPresent()) {
            answerKeys(input.get());
            return;
        }
        dtmfTimer = session.schedule(settings.dtmfGap(),
                () -> dtmf.flush().ifPresentOrElse(this::answerKeys, session::startSilenceTimer));
    }

    private void answerKeys(String digits) {
        session.answer("", 0f, digits, TurnLatency.keyed(clock.nanoTime()));
    }
}
