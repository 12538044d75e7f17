package io.voiceagents.testkit.twilio.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The messages Twilio sends on a ConversationRelay socket, as JSON text. */
final class RelayMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayMessages() {
    }

    /** The first message, describing the call. */
    static String setup(ConversationRelayCall call, String accountSid) {
        ObjectNode setup = JSON.createObjectNode();
        setup.put("type", "setup");
        setup.put("sessionId", call.sessionId());
        setup.put("accountSid", accountSid);
        setup.put("parentCallSid", call.parentCallSid());
        setup.put("callSid", call.callSid());
        setup.put("from", call.from());
        setup.put("to", call.to());
        if (call.forwardedFrom() != null) {
            setup.put("forwardedFrom", call.forwardedFrom());
        }
        setup.put("callType", call.callType());
        setup.put("callerName", call.callerName());
        setup.put("direction", call.direction());
        setup.put("callStatus", call.callStatus());
        ObjectNode params = setup.putObject("customParameters");
        call.customParameters().forEach(params::put);
        return setup.toString();
    }

    /** What the caller said, recognised by Twilio: always the whole utterance ({@code last: true}). */
    static String prompt(String text, String lang) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "prompt");
        n.put("voicePrompt", text);
        n.put("lang", lang);
        n.put("last", true);
        return n.toString();
    }

    static String dtmf(char digit) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "dtmf");
        n.put("digit", String.valueOf(digit));
        return n.toString();
    }

    static String error(String description) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "error");
        n.put("description", description);
        return n.toString();
    }

    /** The caller spoke over the agent, having heard {@code heard} of its reply in {@code durationMs}. */
    static String interrupt(String heard, long durationMs) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "interrupt");
        n.put("utteranceUntilInterrupt", heard);
        // Twilio's documented example carries the duration as a string
        n.put("durationUntilInterruptMs", Long.toString(durationMs));
        return n.toString();
    }
}
