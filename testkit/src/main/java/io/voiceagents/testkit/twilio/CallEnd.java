package io.voiceagents.testkit.twilio;

/** How a simulated call ended. */
public enum CallEnd {
    /** The TwiML said {@code <Hangup/>}. */
    HANGUP,
    /** The TwiML said {@code <Reject/>}. */
    REJECTED,
    /** A {@code <Gather>} came with no scripted utterance left: the caller hung up. */
    CALLER_HUNG_UP,
    /** The call was hung up from outside (REST {@code Status=completed}) before the next webhook. */
    HUNG_UP_ELSEWHERE,
    /** The TwiML ran out of verbs: Twilio hangs up. */
    END_OF_TWIML,
    /** More HTTP exchanges than {@code maxSteps} (e.g. a Redirect loop). */
    MAX_STEPS,
    /** A webhook failed (non-200, invalid TwiML, transport error): the caller would hear Twilio's error message. */
    ERROR
}
