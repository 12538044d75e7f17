package io.voiceagents.testkit.twilio.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * What has been said on a {@link ConversationRelayCaller}'s session: the caller's prompts, the agent's replies as their
 * tokens and plays arrive, and the interrupts. Times are taken with {@link System#nanoTime()} and reported in ms from
 * the session's start. Not thread-safe: the caller's lock guards it.
 */
final class RelayConversation {

    private final List<RelayReport.Prompt> prompts = new ArrayList<>();
    private final List<Long> promptNanos = new ArrayList<>();
    private final List<RelayReplyProgress> replies = new ArrayList<>();
    private final List<RelayReport.Interrupt> interrupts = new ArrayList<>();
    private long origin = System.nanoTime();

    /** The session has started: report times from {@code originNanos}. */
    void start(long originNanos) {
        origin = originNanos;
    }

    /** The caller said {@code text}: the reply being received, if any, is over. */
    void prompt(String text, long now) {
        if (!replies.isEmpty()) {
            replies.getLast().closed = true;
        }
        prompts.add(new RelayReport.Prompt(prompts.size(), text, ms(now)));
        promptNanos.add(now);
    }

    /** A {@code text} token: part of the reply being received, or the first of a new one. */
    void token(String token, boolean interruptible, boolean last, long now) {
        RelayReplyProgress r = replies.isEmpty() || replies.getLast().closed || replies.getLast().complete
                ? openReply(now) : replies.getLast();
        r.token(token, interruptible, last, now);
    }

    /** A {@code play}: part of the reply being received, or a reply of its own. */
    void play(String source, long now) {
        RelayReplyProgress r = !replies.isEmpty() && !replies.getLast().closed ? replies.getLast() : openReply(now);
        r.plays.add(source);
    }

    private RelayReplyProgress openReply(long now) {
        int latest = prompts.size() - 1;
        boolean answered = false;
        for (RelayReplyProgress r : replies) {
            answered |= r.promptIndex == latest && latest >= 0;
        }
        RelayReplyProgress r = new RelayReplyProgress(replies.size(), answered ? -1 : latest, now);
        r.lastNanos = now;
        replies.add(r);
        return r;
    }

    /** The reply to the latest prompt (before any prompt, the first reply); null before it starts. */
    RelayReplyProgress replyToLatestPrompt() {
        int latest = prompts.size() - 1;
        for (int i = replies.size() - 1; i >= 0; i--) {
            if (replies.get(i).promptIndex == latest) {
                return replies.get(i);
            }
        }
        return null;
    }

    /**
     * The caller speaks over {@code r} at {@code now}: what Twilio's speech, at {@code charsPerSecond}, had said of
     * it is recorded as heard; null when it cannot be interrupted (nothing is recorded then).
     */
    RelayReport.Interrupt interrupt(RelayReplyProgress r, long now, double charsPerSecond) {
        long elapsedNanos = now - r.firstNanos;
        String heard = r.heardAfter(elapsedNanos, charsPerSecond);
        if (heard == null) {
            return null;
        }
        r.interrupted = true;
        r.spoken = heard;
        RelayReport.Interrupt interrupt = new RelayReport.Interrupt(r.index, ms(now), heard, elapsedNanos / 1_000_000);
        interrupts.add(interrupt);
        return interrupt;
    }

    List<RelayReport.Prompt> prompts() {
        return List.copyOf(prompts);
    }

    List<AgentReply> replies() {
        List<AgentReply> out = new ArrayList<>(replies.size());
        for (RelayReplyProgress r : replies) {
            out.add(snapshot(r));
        }
        return out;
    }

    List<RelayReport.Interrupt> interrupts() {
        return List.copyOf(interrupts);
    }

    /** The report's view of {@code r}. */
    AgentReply snapshot(RelayReplyProgress r) {
        long promptAt = r.promptIndex < 0 ? -1 : promptNanos.get(r.promptIndex);
        return r.snapshot(origin, promptAt);
    }

    private long ms(long nanos) {
        return (nanos - origin) / 1_000_000;
    }
}
