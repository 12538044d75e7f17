package io.voiceagents.testkit.twilio;

/**
 * A successful {@code POST .../Calls/{Sid}.json} on the {@link TwilioRestEmulator}, as its update listeners see it
 * (see {@link TwilioRestEmulator#addCallUpdateListener}).
 *
 * @param callSid the call updated
 * @param status  the {@code Status} parameter sent ({@code completed}, {@code canceled}), null when absent
 * @param url     the {@code Url} parameter sent (redirect to new TwiML), null when absent
 * @param twiml   the {@code Twiml} parameter sent (replace the call's TwiML), null when absent
 * @param before  the call before the update
 * @param after   the call after it
 */
public record CallUpdate(String callSid, String status, String url, String twiml, RestCall before, RestCall after) {

    /** True when the update hung up a call that was live ({@code in-progress} → {@code completed}). */
    public boolean hungUp() {
        return "in-progress".equals(before.status()) && "completed".equals(after.status());
    }

    /** True when the update gave a live call new instructions (Url or Twiml): Twilio leaves the running TwiML. */
    public boolean redirected() {
        return (url != null || twiml != null) && !before.ended();
    }
}
