package io.voiceagents.testkit.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Twilio-shaped JSON bodies for the {@link TwilioRestEmulator}. */
final class TwilioRestJson {

    static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwilioRestJson() {
    }

    static String call(RestCall c) {
        return callNode(c).toString();
    }

    /** Twilio's list page: the calls plus paging URIs (the SDK follows {@code next_page_uri}). */
    static String callPage(List<RestCall> calls, String uri, String firstPageUri, String nextPageUri,
                           String previousPageUri, int page, int pageSize, int start, int end) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode rows = n.putArray("calls");
        calls.forEach(c -> rows.add(callNode(c)));
        n.put("end", end);
        n.put("first_page_uri", firstPageUri);
        putNullable(n, "next_page_uri", nextPageUri);
        n.put("page", page);
        n.put("page_size", pageSize);
        putNullable(n, "previous_page_uri", previousPageUri);
        n.put("start", start);
        n.put("uri", uri);
        n.put("emulator", TwilioRestEmulator.NAME);
        return n.toString();
    }

    private static ObjectNode callNode(RestCall c) {
        ObjectNode n = JSON.createObjectNode();
        String uri = "/2010-04-01/Accounts/" + c.accountSid() + "/Calls/" + c.sid();
        n.put("account_sid", c.accountSid());
        n.putNull("annotation");
        putNullable(n, "answered_by", c.answeredBy());
        n.put("api_version", "2010-04-01");
        n.putNull("caller_name");
        n.put("date_created", RFC_2822.format(c.dateCreated()));
        n.put("date_updated", RFC_2822.format(c.dateUpdated()));
        List<String> direction = c.params().get("Direction");
        n.put("direction", direction == null || direction.isEmpty() ? "outbound-api" : direction.get(0));
        putNullable(n, "duration", c.durationSeconds() == null ? null : c.durationSeconds().toString());
        putNullable(n, "end_time", c.endTime() == null ? null : RFC_2822.format(c.endTime()));
        n.putNull("forwarded_from");
        n.put("from", c.from());
        n.put("from_formatted", c.from());
        n.putNull("group_sid");
        n.putNull("parent_call_sid");
        n.putNull("phone_number_sid");
        n.putNull("price");
        n.put("price_unit", "USD");
        n.put("queue_time", "0");
        n.put("sid", c.sid());
        putNullable(n, "start_time", c.startTime() == null ? null : RFC_2822.format(c.startTime()));
        n.put("status", c.status());
        ObjectNode sub = n.putObject("subresource_uris");
        sub.put("notifications", uri + "/Notifications.json");
        sub.put("recordings", uri + "/Recordings.json");
        sub.put("events", uri + "/Events.json");
        n.put("to", c.to());
        n.put("to_formatted", c.to());
        n.putNull("trunk_sid");
        n.put("uri", uri + ".json");
        // unknown to the SDK (it ignores unknown properties), visible to anyone reading the raw JSON
        n.put("emulator", TwilioRestEmulator.NAME);
        return n;
    }

    private static void putNullable(ObjectNode n, String name, String value) {
        if (value == null) {
            n.putNull(name);
        } else {
            n.put(name, value);
        }
    }

    /** Twilio's error body: {@code {"code", "message", "more_info", "status"}}. */
    static String error(int httpStatus, int code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("code", code);
        n.put("message", message);
        n.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        n.put("status", httpStatus);
        n.put("emulator", TwilioRestEmulator.NAME);
        return n.toString();
    }
}
