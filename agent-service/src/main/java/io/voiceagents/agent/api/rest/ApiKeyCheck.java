package io.voiceagents.agent.api.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a request to the operator API carries the configured API key. Plain Java so every
 * case is unit-tested; the filter only maps the outcome to HTTP. The key is never part of any message.
 */
public final class ApiKeyCheck {

    /** The one warning logged at start when API_KEY is unset. */
    public static final String OPEN_API_WARNING = "API_KEY is not set: /api/** accepts unauthenticated requests; "
            + "set API_KEY to require Authorization: Bearer <key>";

    private static final String PREFIX = "/api";
    private static final String SCHEME = "bearer";

    /** Why a request was let through or turned away; the detail tells the client how to authenticate. */
    public enum Outcome {
        ALLOWED(""),
        MISSING("This API requires an API key: send the header Authorization: Bearer <API_KEY>."),
        NOT_BEARER("The Authorization header must use the Bearer scheme: send Authorization: Bearer <API_KEY>."),
        WRONG_KEY("The API key is not valid: send Authorization: Bearer <API_KEY> with the key this service was "
                + "started with.");

        private final String detail;

        Outcome(String detail) {
            this.detail = detail;
        }

        public String detail() {
            return detail;
        }
    }

    private final byte[] expected;

    /**
     * A blank or absent key turns the check off: every request is allowed. Surrounding whitespace is dropped
     * because a key read from a secret file often ends with a newline no client sends.
     */
    public ApiKeyCheck(Optional<String> key) {
        this.expected = key.map(String::strip).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    public boolean required() {
        return expected != null;
    }

    /** Only the operator API: Twilio webhooks, audio Twilio fetches, probes and gRPC have their own rules. */
    public static boolean protects(String path) {
        return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    /** Checks an Authorization header value (null when absent) against the key. */
    public Outcome check(String authorization) {
        if (expected == null) {
            return Outcome.ALLOWED;
        }
        if (authorization == null || authorization.isBlank()) {
            return Outcome.MISSING;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        // RFC 9110: the auth scheme is case-insensitive, so "bearer" and "BEARER" are as good as "Bearer"
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Outcome.NOT_BEARER;
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty()) {
            return Outcome.MISSING;
        }
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        // constant time over the expected key's length: the comparison does not reveal how much of a guess was right
        return MessageDigest.isEqual(expected, presented) ? Outcome.ALLOWED : Outcome.WRONG_KEY;
    }
}
