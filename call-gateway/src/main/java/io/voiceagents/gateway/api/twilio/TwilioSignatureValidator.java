package io.voiceagents.gateway.api.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Twilio-Signature}: base64(HMAC-SHA1(authToken, url + sorted name/value pairs)).
 * Like Twilio's own helpers it accepts the URL with and without the scheme's default port, because
 * Twilio may have signed either form, and compares in constant time.
 */
public final class TwilioSignatureValidator {

    private static final String HMAC_SHA1 = "HmacSHA1";
    // ws/wss: the Media Streams and ConversationRelay upgrades are signed over their wss:// URL
    private static final Pattern URL = Pattern.compile("^(https?|wss?)://([^/?#]*)(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PORT = Pattern.compile(":(\\d+)$");

    private final SecretKeySpec key;

    public TwilioSignatureValidator(String authToken) {
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("a Twilio auth token is required to validate signatures");
        }
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
    }

    /**
     * @param url       the full URL Twilio requested (public base URL + path + raw query)
     * @param params    POST parameters as received (decoded), empty for GET
     * @param signature the X-Twilio-Signature header value
     */
    public boolean isValid(String url, Map<String, List<String>> params, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        byte[] expected = signature.trim().getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (String candidate : urlVariants(url)) {
            // no early exit: every variant is computed and compared, so timing says nothing about which matched
            valid |= MessageDigest.isEqual(sign(candidate, params).getBytes(StandardCharsets.UTF_8), expected);
        }
        return valid;
    }

    /** The signature Twilio computes for this URL and parameters. */
    public String sign(String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        // Twilio sorts names by code unit order, then appends each value (sorted when repeated)
        for (Map.Entry<String, List<String>> entry : new TreeMap<>(params).entrySet()) {
            List<String> values = new ArrayList<>(entry.getValue());
            values.sort(null);
            for (String value : values) {
                data.append(entry.getKey()).append(value == null ? "" : value);
            }
        }
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
    }

    /** The URL as given plus, as Twilio's helpers do, without its port when it has one, else with the default port. */
    static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return variants;
        }
        String scheme = m.group(1);
        String authority = m.group(2);
        String rest = m.group(3);
        String host = hostOf(authority);
        if (!host.equals(authority)) {
            variants.add(scheme + "://" + host + rest);
        } else {
            boolean secure = scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss");
            String defaultPort = secure ? "443" : "80";
            variants.add(scheme + "://" + host + ":" + defaultPort + rest);
        }
        return variants;
    }

    /** Authority without its port; IPv6 literals keep their brackets. */
    private static String hostOf(String authority) {
        int bracket = authority.lastIndexOf(']');
        String tail = bracket >= 0 ? authority.substring(bracket + 1) : authority;
        Matcher port = PORT.matcher(tail);
        if (!port.find()) {
            return authority;
        }
        return authority.substring(0, authority.length() - port.group().length());
    }
}
