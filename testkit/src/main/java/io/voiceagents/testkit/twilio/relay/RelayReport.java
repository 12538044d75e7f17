package io.voiceagents.testkit.twilio.relay;

import io.voiceagents.testkit.twilio.media.StreamEnd;
import java.util.List;

/**
 * Everything a {@link ConversationRelayCaller} saw and did, at one moment. Times are milliseconds since the socket
 * opened.
 *
 * @param callSid         {@code CA…}
 * @param sessionId       {@code VX…}
 * @param prompts         what the caller said, in order
 * @param replies         the agent's replies
 * @param interrupts      {@code interrupt} messages sent
 * @param dtmfSent        digits sent
 * @param digitsToSend    {@code sendDigits} received from the agent, in order
 * @param languages       {@code language} messages received (raw JSON)
 * @param handoffData     the {@code end} message's {@code handoffData} (null when none or no end)
 * @param endReceived     an {@code end} message arrived
 * @param protocolErrors  what the application sent that Twilio would reject (each answered with an {@code error})
 * @param scriptFailure   why the script stopped, null when it did not fail
 * @param stepsLeft       script steps not yet run
 * @param end             how the session ended, null while live
 * @param closeCode       close code received, -1 when none
 * @param closeReason     close reason received
 * @param transferredTo   the number of a REST {@code <Dial>} update, null when none
 * @param redirectedTo    the Url of a REST redirect, null when none
 */
public record RelayReport(String callSid, String sessionId, List<Prompt> prompts, List<AgentReply> replies,
                          List<Interrupt> interrupts, String dtmfSent, List<String> digitsToSend, List<String> languages,
                          String handoffData, boolean endReceived, List<String> protocolErrors, String scriptFailure,
                          int stepsLeft, StreamEnd end, int closeCode, String closeReason, String transferredTo,
                          String redirectedTo) {

    /** A {@code prompt} sent. */
    public record Prompt(int index, String voicePrompt, long atMs) {
    }

    /** An {@code interrupt} sent. */
    public record Interrupt(int replyIndex, long atMs, String utteranceUntilInterrupt, long durationUntilInterruptMs) {
    }

    public boolean ended() {
        return end != null;
    }

    public String summary() {
        return "call " + callSid + ": " + prompts.size() + " prompts, " + replies.size() + " replies, "
                + interrupts.size() + " interrupts, errors " + protocolErrors
                + (scriptFailure == null ? "" : ", script failed: " + scriptFailure)
                + (end == null ? ", live" : ", ended " + end + " (" + closeCode + " " + closeReason + ")");
    }
}
