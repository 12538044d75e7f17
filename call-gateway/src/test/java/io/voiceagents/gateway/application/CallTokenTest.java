package io.voiceagents.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallTokenTest {

    @Test
    void aTokenVerifiesForItsCallOnly() {
        String token = CallToken.issue("secret-1", "CA1");
        assertThat(CallToken.verify("secret-1", "CA1", token)).isTrue();
        assertThat(CallToken.verify("secret-1", "CA2", token)).isFalse();
        assertThat(CallToken.verify("secret-2", "CA1", token)).isFalse();
        assertThat(CallToken.verify("secret-1", "CA1", token + "x")).isFalse();
        assertThat(CallToken.verify("secret-1", "CA1", null)).isFalse();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> CallToken.issue("", "CA1")).isInstanceOf(IllegalArgumentException.class);
    }
}
