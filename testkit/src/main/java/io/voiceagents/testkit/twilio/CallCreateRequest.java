package io.voiceagents.testkit.twilio;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a {@code POST .../Calls.json} form as Twilio does and builds the queued {@link RestCall}: 21201/21603
 * for a missing To/From, 21211/21212 for numbers that are not E.164 (and Twilio's magic invalid number
 * +15005550001), 21205 for a missing/invalid Url, 21216 for a non-numeric Timeout.
 */
final class CallCreateRequest {

    /** Either the call to create or Twilio's error. */
    record Outcome(RestCall call, int errorCode, String errorMessage) {
    }

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final String MAGIC_INVALID_NUMBER = "+15005550001";

    private CallCreateRequest() {
    }

    static Outcome parse(List<Map.Entry<String, String>> form, String accountSid, ZonedDateTime now, Instant createdAt) {
        Map<String, List<String>> p = group(form);
        String to = first(p, "To");
        String from = first(p, "From");
        String url = first(p, "Url");
        String twiml = first(p, "Twiml");
        String timeout = first(p, "Timeout");
        if (to == null || to.isBlank()) {
            return error(21201, "No 'To' number is specified");
        } else if (!validNumber(to)) {
            return error(21211, "Invalid 'To' Phone Number: " + to);
        } else if (from == null || from.isBlank()) {
            return error(21603, "A 'From' phone number is required.");
        } else if (!validNumber(from)) {
            return error(21212, "Invalid 'From' Phone Number: " + from);
        } else if ((url == null || url.isBlank()) && twiml == null && first(p, "ApplicationSid") == null) {
            return error(21205, "Url parameter is required.");
        } else if (url != null && !url.matches("https?://.+")) {
            return error(21205, "Url is not a valid URL: " + url);
        } else if (timeout != null && !timeout.matches("\\d{1,3}")) {
            return error(21216, "Timeout must be an integer number of seconds: " + timeout);
        }
        RestCall call = new RestCall(CallScript.newCallSid(), accountSid, to, from, "queued", url, twiml,
                first(p, "StatusCallback"), events(p.getOrDefault("StatusCallbackEvent", List.of())),
                first(p, "StatusCallbackMethod"), first(p, "MachineDetection"),
                timeout == null ? 60 : Integer.parseInt(timeout), "true".equalsIgnoreCase(first(p, "Record")), now, now, p,
                null, null, null, null, createdAt);
        return new Outcome(call, 0, null);
    }

    private static Outcome error(int code, String message) {
        return new Outcome(null, code, message);
    }

    /** The repeated parameter; a value listing several events separated by spaces or commas is split. */
    private static List<String> events(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String e : v.split("[\\s,]+")) {
                if (!e.isEmpty()) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static boolean validNumber(String n) {
        if (n.startsWith("client:") || n.startsWith("sip:")) {
            return true;
        }
        return E164.matcher(n).matches() && !MAGIC_INVALID_NUMBER.equals(n);
    }

    static Map<String, List<String>> group(List<Map.Entry<String, String>> form) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }

    static String first(Map<String, List<String>> p, String name) {
        List<String> v = p.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
