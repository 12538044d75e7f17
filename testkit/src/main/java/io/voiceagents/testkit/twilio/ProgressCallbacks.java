package io.voiceagents.testkit.twilio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The status callbacks of one call played by {@link TwilioCallProgress}, as Twilio sends them: only the events
 * listed in StatusCallbackEvent (initiated, ringing, answered → CallStatus in-progress, completed), except that the
 * final status (completed, busy, no-answer, failed, canceled) is always sent; numbered by SequenceNumber 0, 1, 2 …
 * in the order they happened; each signed and carrying an {@code I-Twilio-Idempotency-Token} that a retry repeats.
 * Not thread-safe: used by the call's own thread only.
 */
final class ProgressCallbacks {

    private final TwilioCallerEmulator twilio;
    private final RestCall call;
    private final CalleeBehaviour behaviour;
    private final URI url;
    private final String method;
    private final List<StatusCallbackDelivery> planned = new ArrayList<>();
    private final List<StatusCallbackDelivery> delivered = new ArrayList<>();

    ProgressCallbacks(TwilioCallerEmulator twilio, RestCall call, CalleeBehaviour behaviour) {
        this.twilio = twilio;
        this.call = call;
        this.behaviour = behaviour;
        this.url = call.statusCallback() == null || call.statusCallback().isBlank() ? null : URI.create(call.statusCallback());
        this.method = call.statusCallbackMethod() == null ? "POST" : call.statusCallbackMethod();
    }

    /**
     * Emits an event if the call asked for it (or it is final): sent now, or held when the behaviour delivers out of
     * order.
     *
     * @param event           initiated, ringing, answered, completed, busy, no-answer, failed, canceled
     * @param answeredBy      AnsweredBy when machine detection ran, else null
     * @param durationSeconds CallDuration for the final event
     */
    void emit(String event, String answeredBy, int durationSeconds) {
        String status = "answered".equals(event) ? "in-progress" : event;
        boolean last = RestCall.isFinal(status);
        if (url == null || !(last || call.statusCallbackEvents().contains(event))) {
            return;
        }
        int seq = planned.size();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", call.accountSid());
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", call.sid());
        p.put("CallStatus", status);
        p.put("Called", call.to());
        p.put("Caller", call.from());
        p.put("Direction", "outbound-api");
        p.put("From", call.from());
        p.put("To", call.to());
        p.put("CallbackSource", "call-progress-events");
        p.put("SequenceNumber", Integer.toString(seq));
        p.put("Timestamp", TwilioRestJson.RFC_2822.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (answeredBy != null) {
            p.put("AnsweredBy", answeredBy);
        }
        if (last) {
            p.put("CallDuration", Integer.toString(durationSeconds));
            p.put("Duration", Integer.toString((durationSeconds + 59) / 60));
            p.put("SipResponseCode", sipResponseCode(status));
        }
        String token = UUID.nameUUIDFromBytes((call.sid() + "/" + seq + "/" + status).getBytes(StandardCharsets.UTF_8)).toString();
        StatusCallbackDelivery d = new StatusCallbackDelivery(status, seq, false, token, p, null);
        planned.add(d);
        if (!behaviour.callbacksOutOfOrder()) {
            deliver(d);
        }
    }

    /** After the call: held callbacks (shuffled) and the retries. */
    void finish() {
        if (behaviour.callbacksOutOfOrder()) {
            TwilioCallerEmulator.deliveryOrder(planned, true, behaviour.duplicateCallbacks(), behaviour.seed())
                    .forEach(this::deliver);
        } else if (!planned.isEmpty()) {
            // retries arrive late, after the final callback: the nasty case for a status machine
            Random random = new Random(behaviour.seed());
            for (int i = 0; i < behaviour.duplicateCallbacks(); i++) {
                deliver(planned.get(random.nextInt(planned.size())).asDuplicate());
            }
        }
    }

    List<StatusCallbackDelivery> delivered() {
        return List.copyOf(delivered);
    }

    private void deliver(StatusCallbackDelivery d) {
        delivered.add(d.withResponse(twilio.statusCallback(method, url, d)));
    }

    private static String sipResponseCode(String status) {
        return switch (status) {
            case "completed" -> "200";
            case "busy" -> "486";
            case "no-answer", "canceled" -> "487";
            default -> "500";
        };
    }
}
