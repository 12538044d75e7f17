package io.voiceagents.outbound.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The start-up checks of {@link OutboundConfig}, as plain functions so each message is unit-tested. */
public final class OutboundConfigCheck {

    /** Short keys are guessable; 16 characters is the least a generated key (e.g. openssl rand -hex 16) has. */
    public static final int API_KEY_MIN_LENGTH = 16;

    private OutboundConfigCheck() {
    }

    /** Every problem found, each saying how to fix it; empty when the configuration is usable. */
    public static List<String> problems(OutboundConfig config) {
        List<String> problems = new ArrayList<>();
        urlProblem("PUBLIC_BASE_URL (outbound.public-base-url)", config.publicBaseUrl(), true,
                "call-gateway's public base URL, e.g. https://voice.example.com (Twilio requests the outbound call's "
                        + "webhooks there)").ifPresent(problems::add);
        required("TWILIO_ACCOUNT_SID (outbound.twilio.account-sid)", config.twilio().accountSid(),
                "your Twilio Account SID (AC...)").ifPresent(problems::add);
        required("TWILIO_AUTH_TOKEN (outbound.twilio.auth-token)", config.twilio().authToken(),
                "your Twilio account's Auth Token").ifPresent(problems::add);
        if (config.twilio().apiBaseUrl().filter(u -> !u.isBlank()).isPresent()) {
            urlProblem("TWILIO_API_BASE_URL (outbound.twilio.api-base-url)", config.twilio().apiBaseUrl(), false, "")
                    .ifPresent(problems::add);
        }
        apiKeyProblems(config.api().key()).forEach(problems::add);
        atLeast("OUTBOUND_MAX_CONCURRENT_CALLS_PER_KEY (outbound.limits.max-concurrent-calls-per-key)",
                config.limits().maxConcurrentCallsPerKey(), 1).ifPresent(problems::add);
        atLeast("OUTBOUND_MAX_CALLS_PER_MINUTE_PER_KEY (outbound.limits.max-calls-per-minute-per-key)",
                config.limits().maxCallsPerMinutePerKey(), 1).ifPresent(problems::add);
        // 0 is allowed: a replica that serves the API and schedules campaigns while others dial
        atLeast("OUTBOUND_DIAL_WORKERS (outbound.dial.workers)", config.dial().workers(), 0).ifPresent(problems::add);
        atLeast("OUTBOUND_DIAL_MAX_REQUESTS (outbound.dial.max-requests)", config.dial().maxRequests(), 1)
                .ifPresent(problems::add);
        atLeast("outbound.outbox.batch-size", config.outbox().batchSize(), 1).ifPresent(problems::add);
        Duration ring = config.dial().ringTimeout();
        if (ring == null || ring.toSeconds() < 5 || ring.toSeconds() > 600) {
            problems.add("OUTBOUND_RING_TIMEOUT (outbound.dial.ring-timeout) must be between 5s and 600s (Twilio's "
                    + "Timeout range), it is " + ring);
        }
        positive("OUTBOUND_TWILIO_REQUEST_TIMEOUT (outbound.twilio.request-timeout)", config.twilio().requestTimeout())
                .ifPresent(problems::add);
        positive("OUTBOUND_DIAL_RETRY_BACKOFF (outbound.dial.retry-backoff)", config.dial().retryBackoff())
                .ifPresent(problems::add);
        if (config.dial().maxRetryBackoff().compareTo(config.dial().retryBackoff()) < 0) {
            problems.add("outbound.dial.max-retry-backoff must not be shorter than OUTBOUND_DIAL_RETRY_BACKOFF");
        }
        positive("outbound.dial.poll-interval", config.dial().pollInterval()).ifPresent(problems::add);
        positive("outbound.dial.recovery-every", config.dial().recoveryEvery()).ifPresent(problems::add);
        positive("OUTBOUND_STATUS_TIMEOUT (outbound.status.timeout)", config.status().timeout()).ifPresent(problems::add);
        positive("OUTBOUND_MAX_CALL_DURATION (outbound.status.max-call-duration)", config.status().maxCallDuration())
                .ifPresent(problems::add);
        positive("outbound.status.sweep-every", config.status().sweepEvery()).ifPresent(problems::add);
        positive("outbound.outbox.relay-every", config.outbox().relayEvery()).ifPresent(problems::add);
        positive("outbound.agent.timeout", config.agent().timeout()).ifPresent(problems::add);
        return problems;
    }

    static Optional<String> urlProblem(String name, Optional<String> value, boolean required, String what) {
        if (value.isEmpty() || value.get().isBlank()) {
            return required ? Optional.of(name + " is not set: set it to " + what) : Optional.empty();
        }
        String url = value.get().strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of(name + " must be an absolute http(s) URL such as https://voice.example.com, not '"
                        + url + "': set it to a valid URL");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.of(name + " must not carry a query or fragment: set it to '"
                        + url.replaceAll("[?#].*$", "") + "'");
            }
        } catch (URISyntaxException e) {
            return Optional.of(name + " is not a valid URL ('" + url + "'): " + e.getMessage());
        }
        return Optional.empty();
    }

    static Optional<String> required(String name, Optional<String> value, String what) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of(name + " is not set: set it to " + what);
        }
        return Optional.empty();
    }

    /** Unset is allowed (the API is open and a warning says so); each key of a set list must be long enough. */
    public static List<String> apiKeyProblems(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String[] keys = value.get().split(",", -1);
        for (int i = 0; i < keys.length; i++) {
            int length = keys[i].strip().length();
            if (length < API_KEY_MIN_LENGTH) {
                // never echo the key itself
                problems.add("API_KEY (outbound.api.key) key #" + (i + 1) + " has " + length + " characters, at least "
                        + API_KEY_MIN_LENGTH + " are required: set API_KEY to comma-separated keys generated with "
                        + "'openssl rand -hex 32', or unset it to leave /api/** open (local use only)");
            }
        }
        return problems;
    }

    private static Optional<String> atLeast(String name, int value, int min) {
        return value < min ? Optional.of(name + " must be at least " + min + " (it is " + value + "): set " + name
                .replaceAll(" .*", "") + " to " + min + " or more") : Optional.empty();
    }

    private static Optional<String> positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            return Optional.of(name + " must be a positive duration such as 500ms, 30s or 5m (it is " + value + ")");
        }
        return Optional.empty();
    }
}
