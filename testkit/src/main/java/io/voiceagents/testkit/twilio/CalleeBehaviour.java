package io.voiceagents.testkit.twilio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the person (or machine) at the called number does with a call created through the
 * {@link TwilioRestEmulator}, played by a {@link TwilioCallProgress}. Immutable; build with a factory and withers:
 * {@code CalleeBehaviour.answer().ringingAfter(ms(50)).answeredAfter(ms(100)).saying("yes").talkingFor(ms(200))}.
 *
 * <p>Timeline (every delay counts from the previous step; a REST cancel or hang-up interrupts any of them):
 * <ol>
 *   <li>{@link #initiatedAfter}: the call leaves Twilio's queue (start_time set; {@code initiated} callback);</li>
 *   <li>{@link #ringingAfter}: the phone rings (status ringing; {@code ringing} callback) — for {@link Kind#BUSY}
 *       and {@link Kind#FAILED} this is instead when the busy / failed result comes, without ringing;</li>
 *   <li>{@link #answeredAfter}: the callee picks up (status in-progress; {@code answered} callback, then the Url
 *       request) — when this is not shorter than the call's {@code Timeout}, the call ends {@code no-answer} at
 *       the timeout instead; for {@link Kind#NO_ANSWER} this is when ringing gives up (default: the call's
 *       {@code Timeout});</li>
 *   <li>the TwiML conversation, with the scripted {@link #utterances} answering successive Gathers;</li>
 *   <li>{@link #talkingFor}: the line stays up this long after the TwiML exchange, then {@code completed}.</li>
 * </ol>
 *
 * @param kind               what happens
 * @param initiatedDelay     time in the queue
 * @param ringingDelay       time until ringing (or the busy/failed result)
 * @param answerDelay        ringing time before pick-up; null for {@link Kind#NO_ANSWER}'s default (the Timeout)
 * @param talkTime           time the line stays up after the TwiML exchange
 * @param utterances         answers to successive {@code <Gather>}s; none left means the callee hangs up there
 * @param answeredBy         {@code AnsweredBy} reported when machine detection ran; null for the kind's default
 * @param duplicateCallbacks how many status callbacks to deliver a second time (same idempotency token)
 * @param callbacksOutOfOrder hold every status callback until the call ends, then deliver them shuffled
 * @param seed               seed for picking duplicates and shuffling
 */
public record CalleeBehaviour(Kind kind, Duration initiatedDelay, Duration ringingDelay, Duration answerDelay,
                              Duration talkTime, List<Utterance> utterances, String answeredBy, int duplicateCallbacks,
                              boolean callbacksOutOfOrder, long seed) {

    /** What the called number does. */
    public enum Kind {
        /** A person answers: AnsweredBy {@code human} when machine detection ran. */
        ANSWER,
        /**
         * An answering machine: AnsweredBy {@code machine_start} with MachineDetection=Enable,
         * {@code machine_end_beep} with DetectMessageEnd (override with {@link #answeredBy(String)}, e.g.
         * {@code machine_end_silence}); the Url is requested and its TwiML played (a voicemail message).
         */
        MACHINE,
        /** A fax machine answers: AnsweredBy {@code fax} when machine detection ran. */
        FAX,
        /** The line is busy: {@code busy} (SipResponseCode 486), never rings, the Url is never requested. */
        BUSY,
        /** Nobody picks up: rings, then {@code no-answer} (SipResponseCode 487). */
        NO_ANSWER,
        /** The call cannot be placed: {@code failed} (SipResponseCode 500), never rings. */
        FAILED,
        /** Nothing at all, ever: the call stays queued, no callback, no Url request (status time-out tests). */
        SILENT
    }

    public CalleeBehaviour {
        Objects.requireNonNull(kind, "kind");
        initiatedDelay = nonNegative(initiatedDelay);
        ringingDelay = nonNegative(ringingDelay);
        answerDelay = answerDelay == null ? null : nonNegative(answerDelay);
        talkTime = nonNegative(talkTime);
        utterances = List.copyOf(utterances);
        duplicateCallbacks = Math.max(0, duplicateCallbacks);
    }

    private static CalleeBehaviour of(Kind kind, Duration answerDelay) {
        return new CalleeBehaviour(kind, Duration.ZERO, Duration.ZERO, answerDelay, Duration.ZERO, List.of(), null, 0, false, 0L);
    }

    /** A person answers at once and hangs up at the first Gather (add {@link #saying} for a conversation). */
    public static CalleeBehaviour answer() {
        return of(Kind.ANSWER, Duration.ZERO);
    }

    /** A person answers and says {@code texts} at successive Gathers, then hangs up at the next one. */
    public static CalleeBehaviour answerSaying(String... texts) {
        return answer().saying(texts);
    }

    public static CalleeBehaviour machine() {
        return of(Kind.MACHINE, Duration.ZERO);
    }

    /** An answering machine reporting {@code answeredBy} (machine_start, machine_end_beep, machine_end_silence, ...). */
    public static CalleeBehaviour machine(String answeredBy) {
        return machine().answeredBy(answeredBy);
    }

    public static CalleeBehaviour fax() {
        return of(Kind.FAX, Duration.ZERO);
    }

    public static CalleeBehaviour busy() {
        return of(Kind.BUSY, Duration.ZERO);
    }

    /** Rings until the call's {@code Timeout}, or {@link #answeredAfter} when set, then no-answer. */
    public static CalleeBehaviour noAnswer() {
        return of(Kind.NO_ANSWER, null);
    }

    public static CalleeBehaviour failed() {
        return of(Kind.FAILED, Duration.ZERO);
    }

    public static CalleeBehaviour silent() {
        return of(Kind.SILENT, Duration.ZERO);
    }

    public CalleeBehaviour initiatedAfter(Duration d) {
        return new CalleeBehaviour(kind, d, ringingDelay, answerDelay, talkTime, utterances, answeredBy, duplicateCallbacks, callbacksOutOfOrder, seed);
    }

    public CalleeBehaviour ringingAfter(Duration d) {
        return new CalleeBehaviour(kind, initiatedDelay, d, answerDelay, talkTime, utterances, answeredBy, duplicateCallbacks, callbacksOutOfOrder, seed);
    }

    public CalleeBehaviour answeredAfter(Duration d) {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, Objects.requireNonNull(d), talkTime, utterances, answeredBy, duplicateCallbacks, callbacksOutOfOrder, seed);
    }

    public CalleeBehaviour talkingFor(Duration d) {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, answerDelay, d, utterances, answeredBy, duplicateCallbacks, callbacksOutOfOrder, seed);
    }

    /** Adds speech answers for successive Gathers. */
    public CalleeBehaviour saying(String... texts) {
        List<Utterance> more = new ArrayList<>(utterances);
        for (String t : texts) {
            more.add(Utterance.of(t));
        }
        return withUtterances(more);
    }

    /** Adds answers (speech, digits, silence) for successive Gathers. */
    public CalleeBehaviour utterances(Utterance... answers) {
        List<Utterance> more = new ArrayList<>(utterances);
        more.addAll(List.of(answers));
        return withUtterances(more);
    }

    /** The {@code AnsweredBy} value reported when machine detection ran (e.g. {@code unknown} for a person). */
    public CalleeBehaviour answeredBy(String value) {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, answerDelay, talkTime, utterances, value, duplicateCallbacks, callbacksOutOfOrder, seed);
    }

    /** {@code count} status callbacks (picked with {@link #seed}) are delivered twice, the retry after the original. */
    public CalleeBehaviour withDuplicateCallbacks(int count) {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, answerDelay, talkTime, utterances, answeredBy, count, callbacksOutOfOrder, seed);
    }

    /** Status callbacks are held until the call ends, then delivered in a shuffled order (seeded). */
    public CalleeBehaviour withCallbacksOutOfOrder() {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, answerDelay, talkTime, utterances, answeredBy, duplicateCallbacks, true, seed);
    }

    public CalleeBehaviour withSeed(long randomSeed) {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, answerDelay, talkTime, utterances, answeredBy, duplicateCallbacks, callbacksOutOfOrder, randomSeed);
    }

    /** True for the kinds that pick up the call (and so request the Url). */
    public boolean answers() {
        return kind == Kind.ANSWER || kind == Kind.MACHINE || kind == Kind.FAX;
    }

    /** {@code AnsweredBy} for a call created with {@code machineDetection}; null when detection did not run. */
    String answeredByFor(String machineDetection) {
        if (machineDetection == null || machineDetection.isBlank() || "Disable".equalsIgnoreCase(machineDetection)) {
            return null;
        }
        if (answeredBy != null) {
            return answeredBy;
        }
        return switch (kind) {
            case MACHINE -> "DetectMessageEnd".equalsIgnoreCase(machineDetection) ? "machine_end_beep" : "machine_start";
            case FAX -> "fax";
            default -> "human";
        };
    }

    private CalleeBehaviour withUtterances(List<Utterance> list) {
        return new CalleeBehaviour(kind, initiatedDelay, ringingDelay, answerDelay, talkTime, list, answeredBy, duplicateCallbacks, callbacksOutOfOrder, seed);
    }

    private static Duration nonNegative(Duration d) {
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }
}
