package io.voiceagents.testkit.twilio;

import java.util.ArrayList;
import java.util.List;

/**
 * Outcome of {@link TwilioCallerEmulator#placeCall(CallScript)}: every HTTP exchange, everything the caller heard
 * in order, how the call ended, and the status callbacks sent afterwards. Immutable.
 */
public final class SimulatedCall {

    private final String callSid;
    private final List<CallStep> steps;
    private final List<HeardItem> heard;
    private final CallEnd end;
    private final List<String> errors;
    private final int durationSeconds;
    private final List<StatusCallbackDelivery> statusCallbacks;

    SimulatedCall(String callSid, List<CallStep> steps, List<HeardItem> heard, CallEnd end, List<String> errors,
                  int durationSeconds, List<StatusCallbackDelivery> statusCallbacks) {
        this.callSid = callSid;
        this.steps = List.copyOf(steps);
        this.heard = List.copyOf(heard);
        this.end = end;
        this.errors = List.copyOf(errors);
        this.durationSeconds = durationSeconds;
        this.statusCallbacks = List.copyOf(statusCallbacks);
    }

    public String callSid() {
        return callSid;
    }

    public List<CallStep> steps() {
        return steps;
    }

    /** Everything the caller heard, in order. */
    public List<HeardItem> heard() {
        return heard;
    }

    /** Texts of the {@code <Say>}s heard, in order. */
    public List<String> saidTexts() {
        return heard.stream().filter(h -> h.kind() == HeardItem.Kind.SAY).map(HeardItem::text).toList();
    }

    /** Check results of the {@code <Play>}s heard, in order. */
    public List<PlayedAudioCheck> playedAudio() {
        List<PlayedAudioCheck> out = new ArrayList<>();
        for (HeardItem h : heard) {
            if (h.kind() == HeardItem.Kind.PLAY && h.audio() != null) {
                out.add(h.audio());
            }
        }
        return out;
    }

    public CallEnd end() {
        return end;
    }

    /** True when the application ended the call with {@code <Hangup/>}. */
    public boolean endedByHangup() {
        return end == CallEnd.HANGUP;
    }

    /** True when the caller hung up (a Gather came after the last scripted utterance). */
    public boolean callerHungUp() {
        return end == CallEnd.CALLER_HUNG_UP;
    }

    /** Every problem found: HTTP errors, invalid TwiML, unplayable audio, unsupported verbs. */
    public List<String> errors() {
        return errors;
    }

    /** True if nothing went wrong (the ending may still be any of the non-error {@link CallEnd}s). */
    public boolean ok() {
        return errors.isEmpty() && end != CallEnd.ERROR && end != CallEnd.MAX_STEPS;
    }

    /** Simulated call length: speech at ~60 ms per character, audio durations, pauses. */
    public int durationSeconds() {
        return durationSeconds;
    }

    public List<StatusCallbackDelivery> statusCallbacks() {
        return statusCallbacks;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SimulatedCall[").append(callSid).append(", end=").append(end)
                .append(", errors=").append(errors).append("]\n");
        for (CallStep s : steps) {
            sb.append("  ").append(s.method()).append(' ').append(s.url()).append(" -> ").append(s.status())
                    .append(' ').append(s.verbs().stream().map(TwimlVerb::name).toList())
                    .append(s.errors().isEmpty() ? "" : " errors=" + s.errors()).append('\n');
        }
        for (HeardItem h : heard) {
            sb.append("  heard ").append(h.kind()).append(": ").append(h.kind() == HeardItem.Kind.PLAY ? h.url() + " " + h.audio() : h.text()).append('\n');
        }
        return sb.toString();
    }
}
