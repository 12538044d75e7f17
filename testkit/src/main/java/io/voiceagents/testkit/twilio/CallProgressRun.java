package io.voiceagents.testkit.twilio;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * One created call played through its {@link CalleeBehaviour} timeline on its own (virtual) thread. Every wait is
 * cut short when the call is ended from outside (REST cancel / hang-up), deleted, or the progress closes; every
 * status change is a conditional transition of the stored call, so a cancel racing the answer either wins (the
 * Url is never requested) or loses (the call is live and the cancel is refused, as Twilio does).
 */
final class CallProgressRun implements Runnable {

    private final CallStore store;
    private final TwilioCallerEmulator twilio;
    private final String sid;
    private final CalleeBehaviour behaviour;
    private final BooleanSupplier closed;
    private final CompletableFuture<CallProgressResult> result;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<String> errors = new ArrayList<>();
    private ProgressCallbacks callbacks;
    private RestCall call;
    private String answeredBy;
    private long answeredNanos;
    private SimulatedCall conversation;
    private String finalStatus;
    private int durationSeconds;

    CallProgressRun(CallStore store, TwilioCallerEmulator twilio, RestCall call, CalleeBehaviour behaviour,
                    BooleanSupplier closed, CompletableFuture<CallProgressResult> result) {
        this.store = store;
        this.twilio = twilio;
        this.sid = call.sid();
        this.call = call;
        this.behaviour = behaviour;
        this.closed = closed;
        this.result = result;
    }

    /** Wakes the run's current wait so it re-reads the stored call. */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends a run that never started (the progress closed first). */
    void abandon() {
        result.complete(new CallProgressResult(sid, call.to(), behaviour, null, null, 0, null, List.of(),
                List.of("abandoned: the progress was closed before the call started")));
    }

    @Override
    public void run() {
        try {
            callbacks = new ProgressCallbacks(twilio, call, behaviour);
            if (closed.getAsBoolean()) {
                return;
            }
            play();
            if (!closed.getAsBoolean()) {
                callbacks.finish();
            }
        } catch (RuntimeException e) {
            errors.add("call progress failed: " + e);
        } finally {
            result.complete(new CallProgressResult(sid, call.to(), behaviour, finalStatus, answeredBy, durationSeconds,
                    conversation, callbacks == null ? List.of() : callbacks.delivered(), errors));
        }
    }

    private void play() {
        if (behaviour.kind() == CalleeBehaviour.Kind.SILENT) {
            return;
        }
        if (!pause(behaviour.initiatedDelay())) {
            stopped();
            return;
        }
        ZonedDateTime started = TwilioRestEmulator.now();
        if (!move("queued", c -> c.withProgress(started, null, null, started), "initiated")) {
            return;
        }
        switch (behaviour.kind()) {
            case BUSY, FAILED -> {
                if (pause(behaviour.ringingDelay())) {
                    end(behaviour.kind() == CalleeBehaviour.Kind.BUSY ? "busy" : "failed");
                } else {
                    stopped();
                }
            }
            case NO_ANSWER -> {
                if (ring()) {
                    Duration giveUp = behaviour.answerDelay() != null ? behaviour.answerDelay() : ringTimeout();
                    if (pause(giveUp)) {
                        end("no-answer");
                    } else {
                        stopped();
                    }
                }
            }
            default -> answerAndTalk();
        }
    }

    private void answerAndTalk() {
        if (!ring()) {
            return;
        }
        Duration answerDelay = behaviour.answerDelay() == null ? Duration.ZERO : behaviour.answerDelay();
        if (answerDelay.compareTo(ringTimeout()) >= 0) {
            if (pause(ringTimeout())) {
                end("no-answer");
            } else {
                stopped();
            }
            return;
        }
        if (!pause(answerDelay)) {
            stopped();
            return;
        }
        String by = behaviour.answeredByFor(call.machineDetection());
        ZonedDateTime now = TwilioRestEmulator.now();
        if (!move("ringing", c -> c.withStatus("in-progress", now).withProgress(c.startTime(), by, null, now), null)) {
            return;
        }
        answeredBy = by;
        answeredNanos = System.nanoTime();
        callbacks.emit("answered", answeredBy, 0);
        converse();
        pause(behaviour.talkTime());
        int duration = duration();
        ZonedDateTime end = TwilioRestEmulator.now();
        Optional<RestCall> done = store.transition(sid, c -> "in-progress".equals(c.status()),
                c -> c.withStatus("completed", end).withProgress(c.startTime(), c.answeredBy(), duration, end));
        if (done.isPresent()) {
            finish("completed", duration);
        } else {
            stopped();
        }
    }

    /** Requests the Url and follows its TwiML with the scripted utterances. */
    private void converse() {
        if (call.url() == null) {
            errors.add("call created with inline Twiml or ApplicationSid: the emulator does not play it");
            return;
        }
        CallScript.Builder script = CallScript.builder(URI.create(call.url())).from(call.from()).to(call.to())
                .direction("outbound-api").callSid(sid);
        if (answeredBy != null) {
            script.param("AnsweredBy", answeredBy);
        }
        behaviour.utterances().forEach(script::utterance);
        conversation = new CallRunner(twilio, script.build(), this::stopRequested).run();
    }

    private boolean ring() {
        if (!pause(behaviour.ringingDelay())) {
            stopped();
            return false;
        }
        ZonedDateTime now = TwilioRestEmulator.now();
        return move("queued", c -> c.withStatus("ringing", now), "ringing");
    }

    /** Conditional transition; on success emits {@code event} (if any), otherwise handles whoever ended the call. */
    private boolean move(String from, UnaryOperator<RestCall> change, String event) {
        Optional<RestCall> moved = store.transition(sid, c -> from.equals(c.status()), change);
        if (moved.isEmpty()) {
            stopped();
            return false;
        }
        call = moved.get();
        if (event != null) {
            callbacks.emit(event, null, 0);
        }
        return true;
    }

    /** Moves a call that never answered to its final status. */
    private void end(String status) {
        ZonedDateTime now = TwilioRestEmulator.now();
        if (store.transition(sid, c -> !c.ended(), c -> c.withStatus(status, now)).isPresent()) {
            finish(status, 0);
        } else {
            stopped();
        }
    }

    /** The call was ended (canceled, hung up, deleted) by someone else, or the progress closed. */
    private void stopped() {
        Optional<RestCall> now = store.get(sid);
        if (now.isEmpty() || !now.get().ended()) {
            return; // deleted, reset or closed: nobody is listening any more
        }
        int duration = 0;
        if ("completed".equals(now.get().status()) && answeredNanos != 0) {
            int d = duration();
            duration = d;
            ZonedDateTime t = TwilioRestEmulator.now();
            store.update(sid, c -> c.durationSeconds() == null ? c.withProgress(c.startTime(), c.answeredBy(), d, t) : c);
        }
        finish(now.get().status(), duration);
    }

    private void finish(String status, int duration) {
        finalStatus = status;
        durationSeconds = duration;
        callbacks.emit(status, "completed".equals(status) ? answeredBy : null, duration);
    }

    /** Whole seconds since answer, rounded up, and at least the simulated length of the TwiML exchange. */
    private int duration() {
        long real = (System.nanoTime() - answeredNanos + 999_999_999L) / 1_000_000_000L;
        int simulated = conversation == null ? 0 : conversation.durationSeconds();
        return (int) Math.max(1, Math.max(real, simulated));
    }

    private Duration ringTimeout() {
        return Duration.ofSeconds(call.timeoutSeconds());
    }

    private boolean stopRequested() {
        return closed.getAsBoolean() || store.get(sid).map(RestCall::ended).orElse(true);
    }

    /** Waits {@code d} unless the call is ended from outside first; false when it was. */
    private boolean pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        lock.lock();
        try {
            while (true) {
                if (stopRequested()) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
