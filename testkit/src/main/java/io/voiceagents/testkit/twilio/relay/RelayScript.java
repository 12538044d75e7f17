package io.voiceagents.testkit.twilio.relay;

import io.voiceagents.testkit.twilio.media.TwilioWebSocket;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ConversationRelayCaller}'s script: each step runs once what it waits for has arrived (a reply, the
 * moment to interrupt, the end of a pause), sending Twilio's messages and recording them in the conversation. Re-run
 * on every message from the application and by a wake-up scheduled on the socket's loop; a wait step blocks the
 * script, never a thread. Not thread-safe: the caller's lock guards it.
 */
final class RelayScript {

    private final ArrayDeque<RelayStep> steps = new ArrayDeque<>();
    private final StringBuilder dtmfSent = new StringBuilder();
    private final RelayConversation conversation;
    private final double ttsCharsPerSecond;
    /** Runs the script again, under the caller's lock: what a scheduled wake-up calls. */
    private final Runnable wakeUp;
    private boolean stepStarted;
    private long stepStart;
    private String failure;
    private ScheduledFuture<?> wake;
    private long wakeAt;

    RelayScript(RelayConversation conversation, double ttsCharsPerSecond, Runnable wakeUp) {
        this.conversation = conversation;
        this.ttsCharsPerSecond = ttsCharsPerSecond;
        this.wakeUp = wakeUp;
    }

    void add(RelayStep step) {
        if (failure == null) {
            steps.add(step);
        }
    }

    int stepsLeft() {
        return steps.size();
    }

    /** Why the script stopped (a wait timed out), or null. */
    String failure() {
        return failure;
    }

    String dtmfSent() {
        return dtmfSent.toString();
    }

    /** Runs steps on {@code socket} until one must wait; true when the script reached its hang-up (and left it). */
    boolean advance(TwilioWebSocket socket, long now) {
        while (failure == null && !steps.isEmpty()) {
            RelayStep step = steps.peek();
            if (!stepStarted) {
                stepStarted = true;
                stepStart = now;
            }
            long nextAt = run(step, socket, now);
            if (nextAt == 0) {
                steps.poll();
                stepStarted = false;
                if (step instanceof RelayStep.HangUp) {
                    return true;
                }
            } else {
                if (nextAt > 0 && (wake == null || wake.isDone() || nextAt < wakeAt)) {
                    if (wake != null) {
                        wake.cancel(false);
                    }
                    wakeAt = nextAt;
                    wake = socket.executor().schedule(wakeUp, Math.max(1, nextAt - now), TimeUnit.NANOSECONDS);
                }
                return false;
            }
        }
        return false;
    }

    /** 0 when the step is done; else when to look again (nanoTime), or -1 to wait for a message. */
    private long run(RelayStep step, TwilioWebSocket socket, long now) {
        switch (step) {
            case RelayStep.Prompt p -> {
                conversation.prompt(p.text(), now);
                socket.send(RelayMessages.prompt(p.text(), p.lang()));
                return 0;
            }
            case RelayStep.WaitForReply w -> {
                RelayReplyProgress r = conversation.replyToLatestPrompt();
                return r != null && r.complete ? 0 : waitUntil(w.timeoutNanos(), now, "waitForReply");
            }
            case RelayStep.InterruptAfter i -> {
                RelayReplyProgress r = conversation.replyToLatestPrompt();
                if (r == null) {
                    return waitUntil(i.timeoutNanos(), now, "interruptAfter");
                }
                long at = r.firstNanos + i.afterNanos();
                if (now < at) {
                    return at;
                }
                // a reply that cannot be interrupted (or is fully spoken) is not: no interrupt is sent
                RelayReport.Interrupt interrupt = conversation.interrupt(r, now, ttsCharsPerSecond);
                if (interrupt != null) {
                    socket.send(RelayMessages.interrupt(interrupt.utteranceUntilInterrupt(),
                            interrupt.durationUntilInterruptMs()));
                }
                return 0;
            }
            case RelayStep.Dtmf d -> {
                for (char c : d.digits().toCharArray()) {
                    dtmfSent.append(c);
                    socket.send(RelayMessages.dtmf(c));
                }
                return 0;
            }
            case RelayStep.Pause p -> {
                return now - stepStart >= p.nanos() ? 0 : stepStart + p.nanos();
            }
            case RelayStep.Error e -> {
                socket.send(RelayMessages.error(e.description()));
                return 0;
            }
            case RelayStep.HangUp h -> {
                return 0;
            }
        }
    }

    private long waitUntil(long timeoutNanos, long now, String what) {
        if (now - stepStart > timeoutNanos) {
            failure = what + " timed out after " + (now - stepStart) / 1_000_000 + " ms (" + steps.size() + " steps left)";
            steps.clear();
            stepStarted = false;
            return -1;
        }
        return stepStart + timeoutNanos + 1;
    }
}
