package io.voiceagents.testkit.twilio;

import java.util.List;

/**
 * What a {@link TwilioCallProgress} did with one call, once it is over.
 *
 * @param callSid         the call
 * @param to              called number
 * @param behaviour       the behaviour played
 * @param finalStatus     completed, canceled, busy, no-answer, failed; null for {@link CalleeBehaviour.Kind#SILENT}
 *                        or when the run was abandoned (emulator reset, call deleted, progress closed)
 * @param answeredBy      AnsweredBy sent (null when machine detection did not run or nobody answered)
 * @param durationSeconds CallDuration sent with the final status (0 when never answered)
 * @param conversation    the Url request and the TwiML exchange after it; null when the Url was never requested
 * @param statusCallbacks status callbacks delivered, in delivery order (retries included)
 * @param errors          what went wrong in the emulator itself (inline Twiml not played, unexpected exceptions)
 */
public record CallProgressResult(String callSid, String to, CalleeBehaviour behaviour, String finalStatus,
                                 String answeredBy, int durationSeconds, SimulatedCall conversation,
                                 List<StatusCallbackDelivery> statusCallbacks, List<String> errors) {

    public CallProgressResult {
        statusCallbacks = List.copyOf(statusCallbacks);
        errors = List.copyOf(errors);
    }

    /** True if the call's Url was requested (the callee answered and the call was not hung up first). */
    public boolean voiceUrlRequested() {
        return conversation != null && !conversation.steps().isEmpty();
    }

    /** CallStatus of each delivered status callback, in delivery order. */
    public List<String> callbackStatuses() {
        return statusCallbacks.stream().map(StatusCallbackDelivery::callStatus).toList();
    }
}
