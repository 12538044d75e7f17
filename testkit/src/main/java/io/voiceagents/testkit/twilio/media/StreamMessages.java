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
    /** Value of each base64 digit, -1 for anything else ('=' included). */
    private static final byte[] BASE64_VALUES = new byte[128];

    static {
        java.util.Arrays.fill(BASE64_VALUES, (byte) -1);
        for (int i = 0; i < BASE64_DIGITS.length; i++) {
            BASE64_VALUES[BASE64_DIGITS[i]] = (byte) i;
        }
    }

    private StreamMessages() {
    }

    /**
     * Loads what reading and writing these messages needs (Jackson's parser classes initialise BigDecimal, a few
     * hundred milliseconds on a cold JVM) on the calling thread, so that the first call's messages do not stall the
     * event loop that paces every caller.
     */
    static void warmUp() {
        try {
            JSON.readTree(markEcho(1, "MZ", "warm-up")).path("mark").path("name").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
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
        StringBuilder sb = new StringBuilder(120 + name.length());
        sb.append("{\"event\":\"mark\",\"sequenceNumber\":\"").append(seq).append("\",\"streamSid\":\"").append(streamSid)
                .append("\",\"mark\":{\"name\":");
        appendJsonString(sb, name);
        return sb.append("}}").toString();
    }

    /** {@code value} as a JSON string, quotes included (the application chooses mark names: anything may be in them). */
    static void appendJsonString(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
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

    /**
     * The audio of an application's {@code media} message for {@code streamSid}, read without building a JSON tree:
     * it arrives 50 times a second per call while the agent talks. Only the plain shape is read here: one object of
     * string members ({@code event}, {@code streamSid}, and {@code media} whose members are strings too), no escapes,
     * a padded base64 payload. Null for anything else — another event, another stream, an odd but valid shape, or
     * something invalid — which the caller then reads with Jackson and judges exactly as before.
     */
    static byte[] mediaPayload(String text, String streamSid) {
        MediaScan scan = new MediaScan(text);
        if (!scan.read() || !scan.isMedia || scan.sidStart < 0 || scan.payloadStart < 0
                || scan.sidEnd - scan.sidStart != streamSid.length()
                || !text.regionMatches(scan.sidStart, streamSid, 0, streamSid.length())) {
            return null;
        }
        return decodeBase64(text, scan.payloadStart, scan.payloadEnd);
    }

    /** Strict base64 of {@code s[from, to)}: whole 4-digit groups, padding only at the end; null otherwise. */
    static byte[] decodeBase64(String s, int from, int to) {
        int length = to - from;
        if (length == 0 || length % 4 != 0) {
            return null;
        }
        int pad = s.charAt(to - 1) == '=' ? s.charAt(to - 2) == '=' ? 2 : 1 : 0;
        byte[] out = new byte[length / 4 * 3 - pad];
        int o = 0;
        int end = to - (pad > 0 ? 4 : 0);
        for (int i = from; i < end; i += 4) {
            int v = digit(s.charAt(i)) << 18 | digit(s.charAt(i + 1)) << 12 | digit(s.charAt(i + 2)) << 6
                    | digit(s.charAt(i + 3));
            if (v < 0) {
                return null;
            }
            out[o++] = (byte) (v >> 16);
            out[o++] = (byte) (v >> 8);
            out[o++] = (byte) v;
        }
        if (pad > 0) {
            int a = digit(s.charAt(end));
            int b = digit(s.charAt(end + 1));
            int c = pad == 1 ? digit(s.charAt(end + 2)) : 0;
            if ((a | b | c) < 0) {
                return null;
            }
            int v = a << 18 | b << 12 | c << 6;
            out[o++] = (byte) (v >> 16);
            if (pad == 1) {
                out[o] = (byte) (v >> 8);
            }
        }
        return out;
    }

    /** 0-63, or a negative number (every bit of the group's value then negative) for a non-digit. */
    private static int digit(char c) {
        return c < 128 ? BASE64_VALUES[c] : -1;
    }

    /** A scanner for {@link #mediaPayload}: gives up (false) on anything but the plain shape. */
    private static final class MediaScan {
        private final String s;
        private int i;
        boolean isMedia;
        int sidStart = -1;
        int sidEnd;
        int payloadStart = -1;
        int payloadEnd;
        // the last string read
        private int from;
        private int to;

        MediaScan(String s) {
            this.s = s;
        }

        boolean read() {
            if (!object(false)) {
                return false;
            }
            space();
            return i == s.length();
        }

        /** An object of string members, or (at the top) with a {@code media} object of string members. */
        private boolean object(boolean inMedia) {
            space();
            if (!take('{')) {
                return false;
            }
            space();
            if (take('}')) {
                return true;
            }
            while (true) {
                space();
                if (!string()) {
                    return false;
                }
                int keyFrom = from;
                int keyTo = to;
                space();
                if (!take(':')) {
                    return false;
                }
                space();
                if (!inMedia && is(keyFrom, keyTo, "media")) {
                    if (!object(true)) {
                        return false;
                    }
                } else {
                    if (!string()) {
                        return false;
                    }
                    if (inMedia) {
                        if (is(keyFrom, keyTo, "payload")) {
                            payloadStart = from;
                            payloadEnd = to;
                        }
                    } else if (is(keyFrom, keyTo, "event")) {
                        isMedia = is(from, to, "media");
                    } else if (is(keyFrom, keyTo, "streamSid")) {
                        sidStart = from;
                        sidEnd = to;
                    }
                }
                space();
                if (take('}')) {
                    return true;
                }
                if (!take(',')) {
                    return false;
                }
            }
        }

        /** A string without escapes or control characters; its content is [from, to). */
        private boolean string() {
            if (!take('"')) {
                return false;
            }
            from = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    to = i++;
                    return true;
                }
                if (c == '\\' || c < 0x20) {
                    return false;
                }
                i++;
            }
            return false;
        }

        private boolean is(int start, int end, String word) {
            return end - start == word.length() && s.regionMatches(start, word, 0, word.length());
        }

        private boolean take(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void space() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                i++;
            }
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
