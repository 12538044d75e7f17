package io.voiceagents.testkit.twilio.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * One agent reply as a {@link ConversationRelayCaller} receives it, token by token: its text so far, whether it
 * is complete, interrupted (and what was heard), and the {@code play} messages that came with it. Guarded by the
 * caller's lock.
 */
final class RelayReplyProgress {
    final int index;
    final int promptIndex;
    final long firstNanos;
    long lastNanos;
    final StringBuilder text = new StringBuilder();
    int tokens;
    boolean complete;
    boolean closed;
    boolean interrupted;
    String spoken;
    int afterInterrupt;
    boolean interruptible = true;
    final List<String> plays = new ArrayList<>(1);

    RelayReplyProgress(int index, int promptIndex, long firstNanos) {
        this.index = index;
        this.promptIndex = promptIndex;
        this.firstNanos = firstNanos;
    }

    /** A {@code text} token; after an interrupt tokens are only counted (Twilio no longer speaks them). */
    void token(String token, boolean mayInterrupt, boolean last, long now) {
        if (interrupted) {
            afterInterrupt++;
            return;
        }
        text.append(token);
        tokens++;
        lastNanos = now;
        if (!mayInterrupt) {
            interruptible = false;
        }
        if (last) {
            complete = true;
        }
    }

    /**
     * What Twilio's speech has said of this reply {@code elapsedNanos} after its first token, at
     * {@code charsPerSecond}, cut to whole words; null when it cannot be interrupted (not interruptible, already
     * interrupted, or fully spoken).
     */
    String heardAfter(long elapsedNanos, double charsPerSecond) {
        String all = text.toString();
        int said = (int) Math.min(all.length(), Math.floor(charsPerSecond * elapsedNanos / 1e9));
        boolean finished = complete && said >= all.length();
        if (!interruptible || finished || interrupted) {
            return null;
        }
        String heard = all.substring(0, said);
        if (said < all.length() && !Character.isWhitespace(all.charAt(said))) {
            int cut = heard.lastIndexOf(' ');
            heard = cut < 0 ? "" : heard.substring(0, cut);
        }
        return heard.strip();
    }

    /** The report's view; times in ms from {@code originNanos}, time to first token from {@code promptNanos} (-1: none). */
    AgentReply snapshot(long originNanos, long promptNanos) {
        long ttft = promptNanos < 0 ? -1 : (firstNanos - promptNanos) / 1_000_000;
        return new AgentReply(index, promptIndex, text.toString(), tokens, (firstNanos - originNanos) / 1_000_000,
                (lastNanos - originNanos) / 1_000_000, ttft, complete, interrupted, spoken, afterInterrupt, interruptible,
                List.copyOf(plays));
    }
}
