package io.voiceagents.testkit.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Twilio-shaped JSON bodies for the {@link TwilioRestEmulator}. */
final class TwilioRestJson {

    static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwilioRestJson() {
    }

    static String call(RestCall c) {
        ObjectNode n = JSON.createObjectNode();
        String uri = "/2010-04-01/Accounts/" + c.accountSid() + "/Calls/" + c.sid();
        n.put("account_sid", c.accountSid());
        n.putNull("annotation");
        n.putNull("answered_by");
        n.put("api_version", "2010-04-01");
        n.putNull("caller_name");
        n.put("date_created", RFC_2822.format(c.dateCreated()));
        n.put("date_updated", RFC_2822.format(c.dateUpdated()));
        n.put("direction", "outbound-api");
        n.putNull("duration");
        n.putNull("end_time");
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
        n.putNull("start_time");
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
        return n.toString();
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
