package io.voiceagents.testkit.twilio.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;

/**
 * The Media Streams messages Twilio sends, shaped as Twilio shapes them: {@code sequenceNumber}, {@code chunk} and
 * {@code timestamp} are JSON strings, {@code connected} has no sequence number, {@code start} is number 1.
 */
final class StreamMessages {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BASE64_DIGITS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private StreamMessages() {
    }

    static String connected() {
        return "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    }

    static String start(long seq, MediaStreamsCall call, String accountSid) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "start");
        n.put("sequenceNumber", Long.toString(seq));
        ObjectNode start = n.putObject("start");
        start.put("accountSid", accountSid);
        start.put("streamSid", call.streamSid());
        start.put("callSid", call.callSid());
        start.putArray("tracks").add("inbound");
        ObjectNode params = start.putObject("customParameters");
        for (Map.Entry<String, String> p : call.customParameters().entrySet()) {
            params.put(p.getKey(), p.getValue());
        }
        ObjectNode format = start.putObject("mediaFormat");
        format.put("encoding", "audio/x-mulaw");
        format.put("sampleRate", 8000);
        format.put("channels", 1);
        n.put("streamSid", call.streamSid());
        return n.toString();
    }

    /**
     * A 20 ms inbound frame, built by hand: it is the message sent 50 times a second per call. The sids are
     * Twilio-generated ASCII and the payload base64, so nothing needs escaping.
     */
    static String media(long seq, long chunk, long timestampMs, byte[] frame, String streamSid) {
        StringBuilder sb = new StringBuilder(300);
        sb.append("{\"event\":\"media\",\"sequenceNumber\":\"").append(seq)
                .append("\",\"media\":{\"track\":\"inbound\",\"chunk\":\"").append(chunk)
                .append("\",\"timestamp\":\"").append(timestampMs)
                .append("\",\"payload\":\"");
        appendBase64(sb, frame);
        sb.append("\"},\"streamSid\":\"").append(streamSid).append("\"}");
        return sb.toString();
    }

    static String dtmf(long seq, String streamSid, char digit) {
        return "{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"sequenceNumber\":\"" + seq
                + "\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"" + digit + "\"}}";
    }

    static String markEcho(long seq, String streamSid, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "mark");
        n.put("sequenceNumber", Long.toString(seq));
        n.put("streamSid", streamSid);
        n.putObject("mark").put("name", name);
        return n.toString();
    }

    static String stop(long seq, String streamSid, String accountSid, String callSid) {
        return "{\"event\":\"stop\",\"sequenceNumber\":\"" + seq + "\",\"streamSid\":\"" + streamSid
                + "\",\"stop\":{\"accountSid\":\"" + accountSid + "\",\"callSid\":\"" + callSid + "\"}}";
    }

    /** Standard base64 with padding, straight into the builder (no intermediate arrays). */
    static void appendBase64(StringBuilder sb, byte[] data) {
        int i = 0;
        for (; i + 2 < data.length; i += 3) {
            int v = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
            sb.append((char) BASE64_DIGITS[v >>> 18]).append((char) BASE64_DIGITS[(v >>> 12) & 63])
                    .append((char) BASE64_DIGITS[(v >>> 6) & 63]).append((char) BASE64_DIGITS[v & 63]);
        }
        int rest = data.length - i;
        if (rest == 1) {
            int v = (data[i] & 0xFF) << 16;
            sb.append((char) BASE64_DIGITS[v >>> 18]).append((char) BASE64_DIGITS[(v >>> 12) & 63]).append("==");
        } else if (rest == 2) {
            int v = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8;
            sb.append((char) BASE64_DIGITS[v >>> 18]).append((char) BASE64_DIGITS[(v >>> 12) & 63])
                    .append((char) BASE64_DIGITS[(v >>> 6) & 63]).append('=');
        }
    }

    /** Decodes a base64 payload; null when it is not base64. */
    static byte[] decodePayload(String payload) {
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
