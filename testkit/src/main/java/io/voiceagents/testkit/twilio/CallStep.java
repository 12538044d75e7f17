package io.voiceagents.testkit.twilio;

import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange of a simulated call (a webhook Twilio requests) and what came of it.
 *
 * @param method         GET or POST
 * @param url            exact URL requested (and signed)
 * @param params         parameters sent (form body for POST, query for GET)
 * @param status         HTTP status received (0 if the request failed)
 * @param responseBody   body received (TwiML)
 * @param verbs          parsed top-level TwiML verbs (empty if not TwiML)
 * @param durationMillis time the server took to answer
 * @param errors         problems found while executing this step's TwiML (invalid audio, unknown verb, ...)
 */
public record CallStep(String method, String url, Map<String, String> params, int status, String responseBody,
                       List<TwimlVerb> verbs, long durationMillis, List<String> errors) {

    public CallStep {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        verbs = List.copyOf(verbs);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return status == 200 && errors.isEmpty();
    }
}
