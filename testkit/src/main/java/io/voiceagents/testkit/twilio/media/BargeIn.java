package io.voiceagents.testkit.twilio.media;

/**
 * The caller speaking over the agent on purpose ({@code sayWhileAgentSpeaks}).
 *
 * @param callerUtterance  index of the {@link CallerUtterance}
 * @param startMs          when the caller started speaking, ms since the stream started
 * @param agentUtterance   index of the {@link AgentUtterance} spoken over, -1 when the agent had stopped already
 * @param agentWasSpeaking true when agent audio was still playing as the caller began
 * @param clearAfterMs     from the caller starting to speak to the application's next {@code clear}; -1 when none
 *                         came (includes the application's minimum-speech wait, by design)
 */
public record BargeIn(int callerUtterance, long startMs, int agentUtterance, boolean agentWasSpeaking,
                      long clearAfterMs) {
}
