package io.voiceagents.gateway.application;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-call token the gateway puts in the TwiML of a `stream` or `relay` call ({@code <Parameter
 * name="token">}) and checks when the WebSocket's {@code start}/{@code setup} message brings it back: an
 * HMAC-SHA256 of the call SID keyed with a secret (the Twilio auth token), so any replica can check it
 * without shared state, and a socket cannot claim to be a call whose TwiML it never received.
 */
public final class CallToken {

    /** Name of the TwiML {@code <Parameter>} that carries the token. */
    public static final String PARAMETER = "token";

    private static final String ALGORITHM = "HmacSHA256";

    private CallToken() {
    }

    /** The token of {@code callSid} (URL-safe base64, no padding). */
    public static String issue(String secret, String callSid) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(secret, callSid));
    }

    /** True when {@code token} is the token of {@code callSid}; compares in constant time. */
    public static boolean verify(String secret, String callSid, String token) {
        if (token == null || callSid == null || callSid.isEmpty()) {
            return false;
        }
        byte[] expected = issue(secret, callSid).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(String secret, String callSid) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a call token needs a non-empty secret");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(("call-token:" + callSid).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
