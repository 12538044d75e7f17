package io.voiceagents.gateway.api.ws;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.voiceagents.gateway.application.relay.RelayMessage;
import io.voiceagents.gateway.domain.RelayHandoff;

/**
 * ConversationRelay's JSON messages, both ways. Parsing is strict about what the session relies on (a type, a
 * call SID in setup) and lenient about the rest (unknown fields are ignored, a missing flag is false), so a
 * Twilio addition does not break the socket while garbage is reported instead of acted on.
 */
public final class RelayWire {

    private final ObjectMapper json;

    public RelayWire(ObjectMapper json) {
        this.json = json;
    }

    /** A frame that cannot be understood; the message says why (never the whole frame: it may hold caller speech). */
    public static final class MalformedMessage extends Exception {
        MalformedMessage(String reason) {
            super(reason, null, false, false);
        }
    }

    public RelayMessage parse(String frame) throws MalformedMessage {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new MalformedMessage("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessage("not a JSON object");
        }
        String type = text(node, "type");
        if (type == null) {
            throw new MalformedMessage("no type");
        }
        return switch (type) {
            case "setup" -> setup(node);
            case "prompt" -> new RelayMessage.Prompt(text(node, "voicePrompt"), text(node, "lang"),
                    node.path("last").asBoolean(false));
            case "interrupt" -> new RelayMessage.Interrupt(text(node, "utteranceUntilInterrupt"),
                    node.path("durationUntilInterruptMs").canConvertToLong()
                            ? node.path("durationUntilInterruptMs").asLong() : null);
            case "dtmf" -> new RelayMessage.Dtmf(text(node, "digit"));
            case "error" -> new RelayMessage.Error(text(node, "description"));
            default -> throw new MalformedMessage("unknown type '" + abbreviate(type) + "'");
        };
    }

    private static RelayMessage.Setup setup(JsonNode node) throws MalformedMessage {
        String callSid = text(node, "callSid");
        if (callSid == null || callSid.isBlank()) {
            throw new MalformedMessage("setup without callSid");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode custom = node.path("customParameters");
        if (custom.isObject()) {
            custom.properties().forEach(entry -> parameters.put(entry.getKey(),
                    entry.getValue().isValueNode() ? entry.getValue().asText() : entry.getValue().toString()));
        }
        return new RelayMessage.Setup(text(node, "sessionId"), callSid, text(node, "from"), text(node, "to"),
                text(node, "direction"), parameters);
    }

    /** {@code {"type":"text","token":...,"last":...}} */
    public String text(String token, boolean last) {
        ObjectNode node = json.createObjectNode().put("type", "text").put("token", token).put("last", last);
        return node.toString();
    }

    /** {@code {"type":"end","handoffData":"<JSON as a string>"}}: Twilio passes handoffData on as HandoffData. */
    public String end(RelayHandoff handoff) {
        return json.createObjectNode().put("type", "end").put("handoffData", handoffData(handoff)).toString();
    }

    public String handoffData(RelayHandoff handoff) {
        ObjectNode data = json.createObjectNode().put("reasonCode", handoff.reasonCode());
        if (handoff.transferTo() != null) {
            data.put("transferTo", handoff.transferTo());
        }
        return data.toString();
    }

    /** The HandoffData of the {@code <Connect action>} webhook; null when absent or not ours. */
    public RelayHandoff parseHandoffData(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(value);
            String reason = node == null ? null : text(node, "reasonCode");
            return reason == null ? null : new RelayHandoff(reason, text(node, "transferTo"));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "…";
    }
}
