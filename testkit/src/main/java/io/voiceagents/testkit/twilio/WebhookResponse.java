package io.voiceagents.testkit.twilio;

import java.util.List;
import java.util.Map;

/**
 * What a server answered to one request sent by the {@link TwilioCallerEmulator}.
 *
 * @param status         HTTP status (0 if no response: connection refused, timeout)
 * @param body           response body as text
 * @param headers        response headers
 * @param durationMillis time to answer
 * @param failure        transport error message when status is 0
 */
public record WebhookResponse(int status, String body, Map<String, List<String>> headers, long durationMillis,
                              String failure) {
}
