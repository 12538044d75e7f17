package io.voiceagents.gateway.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.api.rest.ApiKeyCheck.Outcome;

class ApiKeyCheckTest {

    private static final String KEY = "k3y-0123456789abcdef-XYZ";
    private final ApiKeyCheck check = new ApiKeyCheck(Optional.of(KEY));

    @Test
    void theRightKeyIsAllowed() {
        assertThat(check.required()).isTrue();
        assertThat(check.check("Bearer " + KEY)).isEqualTo(Outcome.ALLOWED);
        assertThat(check.check("  Bearer   " + KEY + " ")).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(check.check("bearer " + KEY)).isEqualTo(Outcome.ALLOWED);
        assertThat(check.check("BEARER " + KEY)).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void aMissingHeaderOrEmptyTokenIsMissing() {
        assertThat(check.check(null)).isEqualTo(Outcome.MISSING);
        assertThat(check.check("")).isEqualTo(Outcome.MISSING);
        assertThat(check.check("   ")).isEqualTo(Outcome.MISSING);
        assertThat(check.check("Bearer")).isEqualTo(Outcome.MISSING);
        assertThat(check.check("Bearer   ")).isEqualTo(Outcome.MISSING);
    }

    @Test
    void anotherSchemeIsRefused() {
        assertThat(check.check("Basic " + KEY)).isEqualTo(Outcome.NOT_BEARER);
        assertThat(check.check(KEY)).isEqualTo(Outcome.NOT_BEARER);
        assertThat(check.check("Bearer:" + KEY)).isEqualTo(Outcome.NOT_BEARER);
    }

    @Test
    void aWrongKeyIsRefused() {
        assertThat(check.check("Bearer wrong")).isEqualTo(Outcome.WRONG_KEY);
        assertThat(check.check("Bearer " + KEY.toUpperCase())).isEqualTo(Outcome.WRONG_KEY);
        assertThat(check.check("Bearer " + KEY + "x")).isEqualTo(Outcome.WRONG_KEY);
        assertThat(check.check("Bearer " + KEY.substring(1))).isEqualTo(Outcome.WRONG_KEY);
        // two Authorization headers arrive joined with a comma: never accepted
        assertThat(check.check("Bearer " + KEY + ",Bearer " + KEY)).isEqualTo(Outcome.WRONG_KEY);
    }

    @Test
    void withoutAKeyEverythingIsAllowed() {
        for (Optional<String> unset : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  \n"))) {
            ApiKeyCheck open = new ApiKeyCheck(unset);
            assertThat(open.required()).isFalse();
            assertThat(open.check(null)).isEqualTo(Outcome.ALLOWED);
            assertThat(open.check("Bearer anything")).isEqualTo(Outcome.ALLOWED);
        }
    }

    @Test
    void whitespaceAroundTheConfiguredKeyIsIgnored() {
        ApiKeyCheck fromSecretFile = new ApiKeyCheck(Optional.of(KEY + "\n"));
        assertThat(fromSecretFile.check("Bearer " + KEY)).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void onlyTheOperatorApiIsProtected() {
        assertThat(ApiKeyCheck.protects("/api")).isTrue();
        assertThat(ApiKeyCheck.protects("/api/")).isTrue();
        assertThat(ApiKeyCheck.protects("/api/agents")).isTrue();
        assertThat(ApiKeyCheck.protects("/api/calls/CA123")).isTrue();
        assertThat(ApiKeyCheck.protects("/apiary")).isFalse();
        assertThat(ApiKeyCheck.protects("/twilio/voice")).isFalse();
        assertThat(ApiKeyCheck.protects("/tts/audio/abc.wav")).isFalse();
        assertThat(ApiKeyCheck.protects("/q/health/ready")).isFalse();
        assertThat(ApiKeyCheck.protects(null)).isFalse();
    }

    @Test
    void detailsSayHowToAuthenticateAndNeverContainTheKey() {
        for (Outcome outcome : new Outcome[] {Outcome.MISSING, Outcome.NOT_BEARER, Outcome.WRONG_KEY}) {
            assertThat(outcome.detail()).contains("Authorization: Bearer <API_KEY>").doesNotContain(KEY);
        }
        assertThat(ApiKeyCheck.OPEN_API_WARNING).startsWith("API_KEY is not set: /api/** accepts unauthenticated requests");
    }
}
