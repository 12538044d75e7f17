package io.voiceagents.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeyRulesTest {

    @Test
    void unsetOrBlankIsAllowed() {
        assertThat(ApiKeyRules.problem(Optional.empty())).isEmpty();
        assertThat(ApiKeyRules.problem(Optional.of("  "))).isEmpty();
    }

    @Test
    void aShortKeyIsRefusedWithoutEchoingIt() {
        assertThat(ApiKeyRules.problem(Optional.of("short-secret-15")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("API_KEY").contains("15 characters")
                        .contains("at least 16").doesNotContain("short-secret-15"));
    }

    @Test
    void sixteenCharactersAreEnough() {
        assertThat(ApiKeyRules.problem(Optional.of("0123456789abcdef"))).isEmpty();
    }
}
