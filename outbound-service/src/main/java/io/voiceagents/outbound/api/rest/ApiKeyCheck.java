package io.voiceagents.outbound.api.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a request to the operator API carries one of the configured API keys, and which tenant it
 * speaks for. Plain Java so every case is unit-tested; the filter only maps the outcome to HTTP. Keys are never
 * part of any message: a tenant is "key-" + the first 12 hex digits of the key's SHA-256, or {@link #OPEN_TENANT}
 * when the API is open.
 */
public final class ApiKeyCheck {

    /** The one warning logged at start when API_KEY is unset. */
    public static final String OPEN_API_WARNING = "API_KEY is not set: /api/** accepts unauthenticated requests and "
            + "all of them share one set of limits; set API_KEY to one or more comma-separated keys to require "
            + "Authorization: Bearer <key>";
    public static final String OPEN_TENANT = "open";

    private static final String PREFIX = "/api";
    private static final String SCHEME = "bearer";

    /** Why a request was let through or turned away; the detail tells the client how to authenticate. */
    public enum Outcome {
        ALLOWED(""),
        MISSING("This API requires an API key: send the header Authorization: Bearer <API_KEY>."),
        NOT_BEARER("The Authorization header must use the Bearer scheme: send Authorization: Bearer <API_KEY>."),
        WRONG_KEY("The API key is not valid: send Authorization: Bearer <API_KEY> with a key this service was "
                + "started with.");

        private final String detail;

        Outcome(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    private final List<byte[]> keys;

    /**
     * A blank or absent list turns the check off: every request is allowed. Surrounding whitespace of each key is
     * dropped because a key read from a secret file often ends with a newline no client sends.
     */
    public ApiKeyCheck(Optional<String> keyList) {
        this.keys = keyList.map(list -> Arrays.stream(list.split(","))
                        .map(String::strip).filter(k -> !k.isEmpty())
                        .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList())
                .orElse(List.of());
    }

    public boolean required() {
        return !keys.isEmpty();
    }

    /** Only the operator API: probes, metrics and gRPC have their own rules. */
    public static boolean protects(String path) {
        return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    /** Checks an Authorization header value (null when absent) against the keys. */
    public Outcome check(String authorization) {
        if (!required()) {
            return Outcome.ALLOWED;
        }
        if (authorization == null || authorization.isBlank()) {
            return Outcome.MISSING;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        // RFC 9110: the auth scheme is case-insensitive
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Outcome.NOT_BEARER;
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty()) {
            return Outcome.MISSING;
        }
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        // every key is compared, each in constant time: timing reveals neither which key nor how much matched
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match ? Outcome.ALLOWED : Outcome.WRONG_KEY;
    }

    /** The tenant of a request the check allowed. */
    public String tenant(String authorization) {
        if (!required()) {
            return OPEN_TENANT;
        }
        String value = authorization == null ? "" : authorization.strip();
        int space = value.indexOf(' ');
        return tenantOf(space < 0 ? "" : value.substring(space + 1).strip());
    }

    /** "key-" + 12 hex digits of the key's SHA-256: stable per key, and says nothing usable about the key. */
    public static String tenantOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "key-" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
