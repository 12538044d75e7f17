package io.voiceagents.testkit.twilio.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a {@link MediaStreamsCaller} saw and did, at one moment. Times are milliseconds since the stream
 * started (its {@code start} message).
 *
 * @param callSid             {@code CA…}
 * @param streamSid           {@code MZ…}
 * @param agentUtterances     what the caller heard, utterance by utterance
 * @param callerUtterances    what the caller said
 * @param marks               marks received and their echoes (pending ones have {@code echoedMs} -1)
 * @param clears              {@code clear} messages received
 * @param bargeIns            deliberate barge-ins and how fast the application cleared
 * @param dtmfSent            digits sent, in order
 * @param framesSent          inbound {@code media} frames sent
 * @param agentBytesReceived  mu-law bytes received from the application
 * @param underruns           all messages that came later than continuous playback allowed (see
 *                            {@link AgentUtterance#underruns()})
 * @param playbackLateness    each agent audio message's lateness relative to continuous playback, within utterances
 * @param inboundPacing       each inbound frame's send time relative to its ideal 20 ms slot: the emulator's own
 *                            timeliness (check it before blaming the application)
 * @param protocolErrors      what the application sent that Twilio would reject (bad JSON, wrong streamSid, bad
 *                            payload, unknown event, binary frames)
 * @param scriptFailure       why the script stopped (a wait step timed out), null when it did not fail
 * @param stepsLeft           script steps not yet run
 * @param end                 how the stream ended, null while live
 * @param closeCode           WebSocket close code received, -1 when none
 * @param closeReason         close reason received, null when none
 * @param transferredTo       the number a REST {@code <Dial>} update transferred the call to, null when none
 * @param redirectedTo        the Url of a REST redirect, null when none
 * @param maxSendBacklog      most messages ever waiting to be written to the socket
 */
public record MediaStreamsReport(String callSid, String streamSid, List<AgentUtterance> agentUtterances,
                                 List<CallerUtterance> callerUtterances, List<MarkEcho> marks, List<ClearEvent> clears,
                                 List<BargeIn> bargeIns, String dtmfSent, long framesSent, long agentBytesReceived,
                                 int underruns, LatenessHistogram playbackLateness, LatenessHistogram inboundPacing,
                                 List<String> protocolErrors, String scriptFailure, int stepsLeft, StreamEnd end,
                                 int closeCode, String closeReason, String transferredTo, String redirectedTo,
                                 int maxSendBacklog) {

    /**
     * For each caller utterance, ms from its end of speech to the arrival of the first audible agent audio of an
     * utterance that started after it (and before the caller's next utterance); -1 when the agent did not answer.
     */
    public List<Long> responseLatenciesMs() {
        List<Long> out = new ArrayList<>(callerUtterances.size());
        for (int i = 0; i < callerUtterances.size(); i++) {
            CallerUtterance c = callerUtterances.get(i);
            long until = i + 1 < callerUtterances.size() ? callerUtterances.get(i + 1).startMs() : Long.MAX_VALUE;
            long latency = -1;
            if (c.endMs() >= 0) {
                for (AgentUtterance a : agentUtterances) {
                    if (a.firstArrivalMs() >= c.endMs() && a.firstArrivalMs() < until) {
                        latency = a.firstArrivalMs() - c.endMs();
                        break;
                    }
                }
            }
            out.add(latency);
        }
        return out;
    }

    /** Marks echoed so far (cleared ones included), in order. */
    public List<String> echoedMarkNames() {
        return marks.stream().filter(m -> m.echoedMs() >= 0).map(MarkEcho::name).toList();
    }

    public boolean ended() {
        return end != null;
    }

    /** A one-line summary for failure messages. */
    public String summary() {
        return "call " + callSid + ": " + agentUtterances.size() + " agent utterances, " + callerUtterances.size()
                + " caller utterances, " + clears.size() + " clears, " + marks.size() + " marks, underruns " + underruns
                + ", errors " + protocolErrors + (scriptFailure == null ? "" : ", script failed: " + scriptFailure)
                + (end == null ? ", live" : ", ended " + end + " (" + closeCode + " " + closeReason + ")");
    }
}
