package io.voiceagents.gateway.application.port;

/**
 * Changes a live call through Twilio's REST API (Calls resource update). Used by `stream` calls, whose
 * TwiML is a long-lived {@code <Connect><Stream>}: the agent ends or transfers the call from the side.
 */
public interface CallControl {

    /** Hangs the call up ({@code Status=completed}). @throws CallControlException when Twilio refused or failed */
    void hangUp(String callSid);

    /**
     * Replaces the call's TwiML with a {@code <Dial>} to {@code number} (E.164), which ends the media
     * stream and connects the caller. @throws CallControlException when Twilio refused or failed
     */
    void transfer(String callSid, String number);
}
