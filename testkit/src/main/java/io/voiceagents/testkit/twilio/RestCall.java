package io.voiceagents.testkit.twilio;

import java.time.Instant;
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
 * @param dateCreated          creation time (whole seconds, as Twilio's JSON shows it)
 * @param dateUpdated          last update time
 * @param params               every form parameter received at creation
 * @param answeredBy           {@code answered_by}: set when machine detection ran (human, machine_start, fax, ...)
 * @param startTime            {@code start_time}: when the call left the queue and dialing began; null before
 * @param endTime              {@code end_time}: when the call reached a final status; null before
 * @param durationSeconds      {@code duration}: seconds from answer to hang-up, set on completion
 * @param createdAt            creation instant with the clock's full precision (microseconds on Linux), for
 *                             pacing measurements; see {@link CallTimeline}
 */
public record RestCall(String sid, String accountSid, String to, String from, String status, String url, String twiml,
                       String statusCallback, List<String> statusCallbackEvents, String statusCallbackMethod,
                       String machineDetection, int timeoutSeconds, boolean record, ZonedDateTime dateCreated,
                       ZonedDateTime dateUpdated, Map<String, List<String>> params, String answeredBy,
                       ZonedDateTime startTime, ZonedDateTime endTime, Integer durationSeconds, Instant createdAt) {

    public RestCall {
        statusCallbackEvents = List.copyOf(statusCallbackEvents);
        params = Map.copyOf(params);
    }

    /** The new status; the first final status also sets {@link #endTime()}. */
    RestCall withStatus(String newStatus, ZonedDateTime now) {
        ZonedDateTime end = endTime == null && isFinal(newStatus) ? now : endTime;
        return new RestCall(sid, accountSid, to, from, newStatus, url, twiml, statusCallback, statusCallbackEvents,
                statusCallbackMethod, machineDetection, timeoutSeconds, record, dateCreated, now, params, answeredBy,
                startTime, end, durationSeconds, createdAt);
    }

    RestCall withInstructions(String newUrl, String newTwiml, ZonedDateTime now) {
        return new RestCall(sid, accountSid, to, from, status, newUrl, newTwiml, statusCallback, statusCallbackEvents,
                statusCallbackMethod, machineDetection, timeoutSeconds, record, dateCreated, now, params, answeredBy,
                startTime, endTime, durationSeconds, createdAt);
    }

    RestCall withProgress(ZonedDateTime newStartTime, String newAnsweredBy, Integer newDuration, ZonedDateTime now) {
        return new RestCall(sid, accountSid, to, from, status, url, twiml, statusCallback, statusCallbackEvents,
                statusCallbackMethod, machineDetection, timeoutSeconds, record, dateCreated, now, params,
                newAnsweredBy, newStartTime, endTime, newDuration, createdAt);
    }

    /** True once the call can no longer change: completed, canceled, failed, busy or no-answer. */
    public boolean ended() {
        return isFinal(status);
    }

    /** True when machine detection was requested ({@code MachineDetection=Enable|DetectMessageEnd}). */
    public boolean machineDetectionRequested() {
        return machineDetection != null && !machineDetection.isBlank() && !"Disable".equalsIgnoreCase(machineDetection);
    }

    static boolean isFinal(String status) {
        return switch (status) {
            case "completed", "canceled", "failed", "busy", "no-answer" -> true;
            default -> false;
        };
    }
}
