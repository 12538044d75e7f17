package io.voiceagents.testkit.twilio.relay;

import java.util.List;

/**
 * One reply of the agent: the {@code text} tokens from the first one to the one marked {@code last}. Times are
 * milliseconds since the socket opened.
 *
 * @param index                 0, 1, 2 … in order
 * @param promptIndex           the prompt it answers, -1 when it came unprompted (greeting, re-prompt)
 * @param text                  the tokens joined as received
 * @param tokens                number of {@code text} messages
 * @param firstTokenMs          when the first token arrived
 * @param lastTokenMs           when the latest token arrived
 * @param timeToFirstTokenMs    from the prompt to the first token, -1 when unprompted
 * @param complete              a token with {@code last: true} arrived
 * @param interrupted           the caller interrupted it (an {@code interrupt} was sent)
 * @param spokenBeforeInterrupt what Twilio had spoken of it when interrupted ({@code utteranceUntilInterrupt})
 * @param tokensAfterInterrupt  tokens that still arrived after the interrupt (the application should stop)
 * @param interruptible         false when a token said {@code interruptible: false}
 * @param plays                 {@code play} sources received while it was open
 */
public record AgentReply(int index, int promptIndex, String text, int tokens, long firstTokenMs, long lastTokenMs,
                         long timeToFirstTokenMs, boolean complete, boolean interrupted, String spokenBeforeInterrupt,
                         int tokensAfterInterrupt, boolean interruptible, List<String> plays) {
}
