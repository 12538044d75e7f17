package io.voiceagents.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The start-up checks of {@link GatewayConfig}, as plain functions so each message is unit-tested. */
public final class GatewayConfigCheck {

    /** Short keys are guessable; 16 characters is the least a generated key (e.g. openssl rand -hex 16) has. */
    public static final int API_KEY_MIN_LENGTH = 16;

    private GatewayConfigCheck() {
    }

    /** Every problem found, each saying how to fix it; empty when the configuration is usable. */
    public static List<String> problems(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        publicBaseUrlProblem(config.publicBaseUrl()).ifPresent(problems::add);
        authTokenProblem(config.twilio().authToken()).ifPresent(problems::add);
        apiKeyProblem(config.api().key()).ifPresent(problems::add);
        positive("gateway.tts.budget (TTS_BUDGET)", config.tts().budget()).ifPresent(problems::add);
        positive("gateway.agent.reply-budget (AGENT_REPLY_BUDGET)", config.agent().replyBudget()).ifPresent(problems::add);
        positive("gateway.agent.start-budget", config.agent().startBudget()).ifPresent(problems::add);
        positive("gateway.agent.end-budget", config.agent().endBudget()).ifPresent(problems::add);
        if (config.silence().maxReprompts() < 0) {
            problems.add("gateway.silence.max-reprompts must be 0 or more (it is " + config.silence().maxReprompts() + ")");
        }
        return problems;
    }

    public static Optional<String> publicBaseUrlProblem(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of("PUBLIC_BASE_URL (gateway.public-base-url) is not set: set it to the public http(s) base URL "
                    + "Twilio calls, e.g. https://voice.example.com (webhook signatures are checked against it)");
        }
        String url = value.get().trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of("PUBLIC_BASE_URL must be an absolute http(s) URL such as https://voice.example.com, not '"
                        + url + "'");
            }
            if (url.endsWith("/")) {
                return Optional.of("PUBLIC_BASE_URL must not end with '/': use '" + url.replaceAll("/+$", "") + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.of("PUBLIC_BASE_URL must not carry a query or fragment: '" + url + "'");
            }
        } catch (URISyntaxException e) {
            return Optional.of("PUBLIC_BASE_URL is not a valid URL ('" + url + "'): " + e.getMessage());
        }
        return Optional.empty();
    }

    public static Optional<String> authTokenProblem(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of("TWILIO_AUTH_TOKEN (gateway.twilio.auth-token) is not set: set it to your Twilio account's "
                    + "Auth Token. call-gateway refuses to start without it because it never accepts unsigned webhooks");
        }
        return Optional.empty();
    }

    /** Unset is allowed (the API is open and a warning says so); a set key must be long enough. Never echoes the key. */
    public static Optional<String> apiKeyProblem(Optional<String> value) {
        int length = value.map(String::strip).map(String::length).orElse(0);
        if (length == 0 || length >= API_KEY_MIN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of("API_KEY (gateway.api.key) is too short: it has " + length + " characters, at least "
                + API_KEY_MIN_LENGTH + " are required; generate one with 'openssl rand -hex 32', or unset API_KEY to"
                + " leave /api/** open (local use only)");
    }

    private static Optional<String> positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            return Optional.of(name + " must be a positive duration such as 1500ms or 8s (it is " + value + ")");
        }
        return Optional.empty();
    }
}
