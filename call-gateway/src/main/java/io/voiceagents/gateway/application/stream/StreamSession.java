package io.voiceagents.gateway.application.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.application.SerialExecutor;
import io.voiceagents.gateway.application.port.MediaStreamSocket;
import io.voiceagents.gateway.application.port.SpeechActivity;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.stream.MarkName;
import io.voiceagents.gateway.domain.stream.SentenceSplitter;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/**
 * One `stream` call: who speaks when. The caller's speech is detected and recognised ({@link CallerAudio},
 * with the turn-taking rules in {@link CallerTurns}), each caller turn is answered by a streamed reply spoken
 * sentence by sentence ({@link ReplyTurns}, {@link AgentSpeech}), and the caller can talk over the agent
 * (barge-in through the utterance's {@link UtteranceHandle}). Silence gets a re-prompt and then a goodbye; the
 * agent can end or transfer the call after speaking; the call has a maximum length; failures become the
 * apology, never dead air.
 *
 * <p>Every step runs on the call's {@link SerialExecutor}: the public methods only hand work to it, so they
 * can be called from the socket's event loop, the pacer or the adapters' threads.
 */
public final class StreamSession {

    private static final Logger LOG = Logger.getLogger(StreamSession.class);

    /** Told when a session has ended, once. */
    @FunctionalInterface
    public interface EndListener {
        void ended(StreamSession session, String reason);
    }

    /** What happens once the agent has finished speaking its last utterance. */
    private sealed interface EndAction permits HangUp, Transfer {
    }

    private record HangUp() implements EndAction {
    }

    private record Transfer(String number) implements EndAction {
    }

    private final String callSid;
    private final String streamSid;
    private final StreamEnvironment env;
    private final StreamSettings settings;
    private final SerialExecutor actor;
    private final MediaStreamSocket socket;
    private final Playout playout;
    private final EndListener endListener;
    private final CallerTurns callerTurns;
    private final ReplyTurns replies;
    private CallerAudio caller;
    private AgentSpeech speech;
    /** The agent's current (or last) utterance. */
    private UtteranceHandle speaking;
    private int nextTurnIndex = Turn.GREETING_INDEX + 1;
    private int silences;
    private Timers.Timer silenceTimer = Timers.NONE;
    private Timers.Timer maxDurationTimer = Timers.NONE;
    private Timers.Timer markTimer = Timers.NONE;
    private EndAction endAction;
    /** Goodbye, hang-up or transfer under way: no new caller turn is taken. */
    private boolean ending;
    private boolean closed;

    public StreamSession(String callSid, String streamSid, StreamEnvironment env, MediaStreamSocket socket,
            EndListener endListener) {
        this.callSid = callSid;
        this.streamSid = streamSid;
        this.env = env;
        this.settings = env.settings();
        this.socket = socket;
        this.endListener = endListener;
        this.actor = new SerialExecutor(env.sessionPool(), "call " + callSid);
        this.callerTurns = new CallerTurns(this, settings, env.clock(), callSid);
        this.replies = new ReplyTurns(this, env, callSid);
        this.playout = new Playout(socket, AgentSpeech.playoutListener(actor, replies), env.metrics(), env.clock(),
                settings.playbackLead().toNanos());
    }

    public String callSid() {
        return callSid;
    }

    public String streamSid() {
        return streamSid;
    }

    // ---- entry points: any thread ------------------------------------------------------------------------

    /** The call is known: start listening and speak the greeting. Audio received before this is ignored. */
    public void begin(CallContext context) {
        actor.execute(() -> onBegin(context));
    }

    /** One media message's audio (mu-law 8 kHz). */
    public void audio(byte[] muLaw) {
        actor.execute(() -> {
            if (!closed && caller != null) {
                caller.onAudio(muLaw);
            }
        });
    }

    public void dtmf(char key) {
        actor.execute(() -> {
            if (!closed && caller != null) {
                callerTurns.key(key);
            }
        });
    }

    /** Twilio echoed a mark: the audio before it has played (or was cleared). */
    public void markEchoed(String name) {
        actor.execute(() -> onMark(name));
    }

    /** Twilio's {@code stop}: the call ended. */
    public void stopped() {
        actor.execute(() -> end("stop"));
    }

    /** The socket closed without {@code stop} (network loss, Twilio gone) or after it. */
    public void socketClosed() {
        actor.execute(() -> end("socket-closed"));
    }

    /** The session cannot run (the call is unknown, a dependency is missing): close the socket with the reason. */
    public void abort(String reason) {
        actor.execute(() -> abortNow(reason));
    }

    // ---- start ---------------------------------------------------------------------------------------------

    private void onBegin(CallContext context) {
        if (closed) {
            return;
        }
        nextTurnIndex = context.firstTurnIndex();
        SpeechActivity.Tracker tracker;
        try {
            tracker = env.speechActivity().newTracker(settings.turns());
        } catch (RuntimeException e) {
            LOG.errorf(e, "call %s: voice activity detection is unavailable, closing the stream", callSid);
            abortNow("voice activity detection unavailable");
            return;
        }
        caller = new CallerAudio(tracker, env.speechToText(), new SpeechToText.Options(context.voice().language()), actor,
                callerTurns, env.clock(), settings.preRollFrames());
        speech = new AgentSpeech(env.speech(), context.voice(), playout, env.pacer(), actor, env.timers(), env.clock(),
                settings.synthesisBudget(), env.apology(), replies);
        replies.begin(speech, context.agentId());
        env.pacer().register(playout);
        env.apology().prepare(context.voice());
        maxDurationTimer = schedule(settings.maxCallDuration(), this::maxDurationReached);
        if (context.greeting() == null || context.greeting().isBlank()) {
            startSilenceTimer();
            return;
        }
        speaking = speech.begin(Turn.GREETING_INDEX, UtteranceHandle.Kind.GREETING);
        sayText(speaking, context.greeting());
    }

    private void abortNow(String reason) {
        socket.close(reason);
        end(reason);
    }

    // ---- for the session's parts (session thread) ----------------------------------------------------------

    boolean isClosed() {
        return closed;
    }

    boolean isEnding() {
        return ending;
    }

    int nextTurnIndex() {
        return nextTurnIndex;
    }

    boolean agentSpeaking() {
        return speaking != null && speaking.isActive();
    }

    /** The agent is speaking and may be talked over. */
    boolean agentInterruptible() {
        return agentSpeaking() && speaking.interruptible();
    }

    /** Runs a reply callback on the session thread, ahead of queued audio frames (see {@link SerialExecutor}). */
    void urgently(Runnable task) {
        actor.executeUrgent(task);
    }

    long bufferedMillis() {
        return playout.bufferedMillis();
    }

    /** A caller turn (speech or keys) to answer; dropped while the call is ending. */
    void answer(String text, float confidence, String dtmfDigits, TurnLatency latency) {
        if (closed || ending) {
            return;
        }
        silences = 0;
        silenceTimer.cancel();
        if (agentSpeaking()) {
            if (!speaking.interruptible()) {
                LOG.infof("call %s: the agent is finishing its last words, caller input dropped", callSid);
                return;
            }
            interruptSpeaking(env.clock().nanoTime(), false);
        }
        speaking = replies.answer(nextTurnIndex++, text, confidence, dtmfDigits, latency);
    }

    /** Asks the caller to repeat (recognition failed or found nothing), unless the agent is already talking. */
    void apologise() {
        if (closed || ending || agentSpeaking()) {
            return;
        }
        speaking = speech.begin(-1, UtteranceHandle.Kind.MESSAGE);
        speech.sayApology(speaking);
        speaking.textComplete();
        finishIfComplete(speaking);
    }

    /** @param bargeIn the caller's doing (speech or keys), metered; false when a new reply supersedes */
    void interruptSpeaking(long decisionNanos, boolean bargeIn) {
        UtteranceHandle utterance = speaking;
        UtteranceHandle.Interruption interruption = utterance.interrupt(decisionNanos);
        if (interruption == null) {
            return;
        }
        markTimer.cancel();
        if (bargeIn) {
            env.metrics().bargeIn(interruption.toClearNanos(), interruption.toCancelNanos());
        }
        live(LiveCallEvent.Type.AGENT_INTERRUPTED, interruption.heardText(), utterance.turnIndex());
        keepOnlyHeard(utterance, interruption.heardText());
    }

    void recordInterruption(int turnIndex, String heard) {
        try {
            env.conversations().recordInterruption(callSid, Turn.turnId(callSid, turnIndex), heard);
        } catch (RuntimeException e) {
            LOG.warnf(e, "call %s: recording the interruption of turn %d failed", callSid, turnIndex);
        }
    }

    void hangUpAfterSpeaking() {
        endAfterSpeaking(new HangUp());
    }

    void transferAfterSpeaking(String number) {
        endAfterSpeaking(new Transfer(number));
    }

    /** All marks of the current utterance are out; if their echoes do not come back in time, go on anyway. */
    void expectEchoesWithin(UtteranceHandle utterance, Duration wait) {
        if (utterance != speaking) {
            return;
        }
        markTimer.cancel();
        markTimer = schedule(wait, () -> {
            if (utterance == speaking && utterance.isActive()) {
                LOG.warnf("call %s: Twilio did not echo the marks of utterance %d, taking it as played", callSid,
                        utterance.id());
                finishUtterance(utterance);
            }
        });
    }

    void finishIfComplete(UtteranceHandle utterance) {
        if (utterance.isComplete()) {
            finishUtterance(utterance);
        }
    }

    void cancelSilenceTimer() {
        silenceTimer.cancel();
    }

    void startSilenceTimer() {
        silenceTimer.cancel();
        if (closed || ending || agentSpeaking() || (caller != null && caller.inTurn()) || callerTurns.awaitingTranscript()) {
            return;
        }
        silenceTimer = schedule(settings.silenceTimeout(), this::silenceElapsed);
    }

    /** A delayed step on the session thread; nothing runs once the session is closed. */
    Timers.Timer schedule(Duration delay, Runnable onSessionThread) {
        return env.timers().schedule(delay, () -> actor.execute(() -> {
            if (!closed) {
                onSessionThread.run();
            }
        }));
    }

    void live(LiveCallEvent.Type type, String text, int turnIndex) {
        try {
            env.live().publish(new LiveCallEvent(callSid, Instant.now(), type, text, turnIndex));
        } catch (RuntimeException e) {
            LOG.debugf("call %s: live event %s lost: %s", callSid, type, e.getMessage());
        }
    }

    // ---- the agent speaks ----------------------------------------------------------------------------------

    private void onMark(String name) {
        if (closed) {
            return;
        }
        Optional<MarkName> mark = MarkName.parse(name);
        if (mark.isEmpty()) {
            LOG.debugf("call %s: mark '%s' is not one of ours, ignored", callSid, name);
            return;
        }
        // marks of an earlier utterance (echoed because clear dropped their audio) change nothing
        if (speaking != null && speaking.id() == mark.get().utterance() && speaking.markEchoed(mark.get().sentence())) {
            finishUtterance(speaking);
        }
    }

    /** The whole utterance has played. */
    private void finishUtterance(UtteranceHandle utterance) {
        utterance.finish();
        markTimer.cancel();
        live(LiveCallEvent.Type.AGENT_DONE, utterance.spokenText(), utterance.turnIndex());
        replies.played(utterance);
        if (endAction != null) {
            runEndAction();
            return;
        }
        startSilenceTimer();
    }

    /** The conversation keeps what the caller heard of an interrupted (or abandoned) utterance. */
    private void keepOnlyHeard(UtteranceHandle utterance, String heard) {
        switch (utterance.kind()) {
            case GREETING -> {
                recordInterruption(Turn.GREETING_INDEX, heard);
                env.recorder().markInterrupted(callSid, Turn.GREETING_INDEX, heard);
            }
            case REPLY -> replies.cutShort(utterance, heard);
            case MESSAGE -> {
            }
        }
    }

    /** Says fixed text, sentence by sentence (the greeting, a re-prompt, the goodbye). */
    private void sayText(UtteranceHandle utterance, String text) {
        SentenceSplitter splitter = new SentenceSplitter(settings.sentenceMaxChars());
        for (String sentence : splitter.add(text)) {
            speech.say(utterance, sentence);
        }
        for (String sentence : splitter.finish()) {
            speech.say(utterance, sentence);
        }
        utterance.textComplete();
        finishIfComplete(utterance);
    }

    // ---- silence, goodbye, the end ---------------------------------------------------------------------------

    private void silenceElapsed() {
        if (ending || agentSpeaking() || caller.inTurn() || callerTurns.awaitingTranscript()) {
            return;
        }
        silences++;
        if (silences > settings.maxReprompts()) {
            LOG.infof("call %s: %d silences in a row, saying goodbye", callSid, silences);
            goodbye();
            return;
        }
        speaking = speech.begin(-1, UtteranceHandle.Kind.MESSAGE);
        sayText(speaking, settings.reprompt());
    }

    private void maxDurationReached() {
        if (ending) {
            return;
        }
        LOG.infof("call %s reached the maximum call duration of %s, saying goodbye", callSid, settings.maxCallDuration());
        goodbye();
    }

    private void goodbye() {
        if (agentSpeaking()) {
            if (!speaking.interruptible()) {
                return; // already on its way out
            }
            interruptSpeaking(env.clock().nanoTime(), false);
        }
        callerTurns.abandon();
        speaking = speech.begin(-1, UtteranceHandle.Kind.MESSAGE);
        hangUpAfterSpeaking();
        sayText(speaking, settings.goodbye());
    }

    /** After the current utterance has played, the call ends (or moves on); nobody can talk over it now. */
    private void endAfterSpeaking(EndAction action) {
        endAction = action;
        ending = true;
        silenceTimer.cancel();
        callerTurns.abandon();
        caller.accepting(false);
        speaking.protectFromInterruption();
    }

    private void runEndAction() {
        EndAction action = endAction;
        endAction = null;
        env.blocking().execute(() -> {
            try {
                switch (action) {
                    case HangUp h -> env.callControl().hangUp(callSid);
                    case Transfer t -> env.callControl().transfer(callSid, t.number());
                }
            } catch (RuntimeException e) {
                // closing the socket makes Twilio run the TwiML after <Connect>, which ends the call politely
                LOG.errorf("call %s: %s failed, closing the stream instead: %s", callSid,
                        action instanceof HangUp ? "hanging up" : "transferring", e.getMessage());
                socket.close("call update failed");
            }
        });
    }

    /** The call is over (stop, socket gone, or aborted): everything stops, the turn reached is stored. */
    private void end(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        silenceTimer.cancel();
        maxDurationTimer.cancel();
        markTimer.cancel();
        replies.close();
        callerTurns.abandon();
        if (caller != null) {
            caller.close();
        }
        if (speaking != null && speaking.isActive()) {
            keepOnlyHeard(speaking, speaking.abandon());
        }
        playout.close();
        env.pacer().unregister(playout);
        live(LiveCallEvent.Type.ENDED, reason, -1);
        env.metrics().sessionEnded(reason);
        LOG.debugf("call %s: stream session ended (%s)", callSid, reason);
        endListener.ended(this, reason);
    }
}
