package io.voiceagents.agent.config;

import java.util.Optional;

/** Start-up rule for API_KEY: unset is allowed (open API, warned about), a short key is not. */
public final class ApiKeyRules {

    /** Short keys are guessable; 16 characters is the least a generated key (e.g. openssl rand -hex 16) has. */
    public static final int MIN_LENGTH = 16;

    private ApiKeyRules() {
    }

    /** The problem with the configured key, saying how to fix it; never contains the key itself. */
    public static Optional<String> problem(Optional<String> key) {
        int length = key.map(String::strip).map(String::length).orElse(0);
        if (length == 0 || length >= MIN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of("API_KEY (agent.api.key) is too short: it has " + length + " characters, at least "
                + MIN_LENGTH + " are required; generate one with 'openssl rand -hex 32', or unset API_KEY to leave"
                + " /api/** open (local use only)");
    }
}
