package io.voiceagents.testkit.twilio;

/** How the {@link TwilioRestEmulator} tells an attached {@link TwilioCallProgress} about its calls. */
interface CallLifecycleHook {

    /** A call was created: called on the request thread before the answer is written (must not block). */
    void created(RestCall call);

    /** The create's answer was written (or lost): the call may start progressing. */
    void answered(String sid);

    /** A call was changed or deleted through the REST API or {@link TwilioRestEmulator#setStatus}. */
    void changed(String sid);

    /** Every call was forgotten ({@link TwilioRestEmulator#reset()}). */
    void reset();
}
