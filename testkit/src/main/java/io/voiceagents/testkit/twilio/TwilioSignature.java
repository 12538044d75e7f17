package io.voiceagents.testkit.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes {@code X-Twilio-Signature} the way Twilio does for webhooks: base64(HMAC-SHA1(authToken,
 * url + name1 + value1 + name2 + value2 ...)) with parameters sorted by name. The URL is used exactly as given
 * (scheme, host, port, path and query), so callers must sign the exact URL they request.
 *
 * <p>For a repeated parameter name, Twilio's helper libraries append every distinct value, sorted, each
 * preceded by the name; the multi-valued overloads do the same.
 */
public final class TwilioSignature {

    /** Name of the header carrying the signature. */
    public static final String HEADER = "X-Twilio-Signature";

    private TwilioSignature() {
    }

    /** Signature for single-valued POST parameters ({@code params} may be empty for GET requests). */
    public static String sign(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        return hmacSha1Base64(authToken, data.toString());
    }

    /** Signature for parameters given as ordered pairs, where a name may repeat (e.g. StatusCallbackEvent). */
    public static String sign(String authToken, String url, List<Map.Entry<String, String>> params) {
        Map<String, List<String>> grouped = new TreeMap<>();
        for (Map.Entry<String, String> p : params) {
            grouped.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue());
        }
        return signMultiValued(authToken, url, grouped);
    }

    /** Signature for multi-valued parameters. */
    public static String signMultiValued(String authToken, String url, Map<String, ? extends List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, ? extends List<String>> e : new TreeMap<>(params).entrySet()) {
            TreeSet<String> values = new TreeSet<>();
            for (String v : e.getValue()) {
                values.add(v == null ? "" : v);
            }
            for (String v : values) {
                data.append(e.getKey()).append(v);
            }
        }
        return hmacSha1Base64(authToken, data.toString());
    }

    /** Constant-time check of a received signature against the expected one. */
    public static boolean matches(String authToken, String url, Map<String, String> params, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(authToken, url, params).getBytes(StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacSha1Base64(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 unavailable in this JVM", e);
        }
    }
}
