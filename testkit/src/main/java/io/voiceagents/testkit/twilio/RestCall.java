package io.voiceagents.testkit.twilio;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * A call created through the {@link TwilioRestEmulator}, as it stands now (immutable snapshot).
 *
 * @param sid                  {@code CA...}
 * @param accountSid           owner account
 * @param to                   called number
 * @param from                 caller ID
 * @param status               queued, ringing, in-progress, canceled, completed, failed, busy, no-answer
 * @param url                  voice URL ({@code Url}), null when TwiML was given
 * @param twiml                inline {@code Twiml}, null when a URL was given
 * @param statusCallback       {@code StatusCallback}
 * @param statusCallbackEvents {@code StatusCallbackEvent} values (repeated parameter)
 * @param statusCallbackMethod {@code StatusCallbackMethod}
 * @param machineDetection     {@code MachineDetection}
 * @param timeoutSeconds       {@code Timeout} (Twilio default 60)
 * @param record               {@code Record}
 * @param dateCreated          creation time
 * @param dateUpdated          last update time
 * @param params               every form parameter received at creation
 */
public record RestCall(String sid, String accountSid, String to, String from, String status, String url, String twiml,
                       String statusCallback, List<String> statusCallbackEvents, String statusCallbackMethod,
                       String machineDetection, int timeoutSeconds, boolean record, ZonedDateTime dateCreated,
                       ZonedDateTime dateUpdated, Map<String, List<String>> params) {

    public RestCall {
        statusCallbackEvents = List.copyOf(statusCallbackEvents);
        params = Map.copyOf(params);
    }

    RestCall withStatus(String newStatus, ZonedDateTime now) {
        return new RestCall(sid, accountSid, to, from, newStatus, url, twiml, statusCallback, statusCallbackEvents,
                statusCallbackMethod, machineDetection, timeoutSeconds, record, dateCreated, now, params);
    }

    RestCall withInstructions(String newUrl, String newTwiml, ZonedDateTime now) {
        return new RestCall(sid, accountSid, to, from, status, newUrl, newTwiml, statusCallback, statusCallbackEvents,
                statusCallbackMethod, machineDetection, timeoutSeconds, record, dateCreated, now, params);
    }

    /** True once the call can no longer change: completed, canceled, failed, busy or no-answer. */
    public boolean ended() {
        return switch (status) {
            case "completed", "canceled", "failed", "busy", "no-answer" -> true;
            default -> false;
        };
    }
}
