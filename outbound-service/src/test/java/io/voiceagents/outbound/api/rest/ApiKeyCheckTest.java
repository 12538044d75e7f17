package io.voiceagents.outbound.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ApiKeyCheckTest {

    private static final String FIRST = "first-key-0123456789abcdef";
    private static final String SECOND = "second-key-0123456789abcdef";
    private final ApiKeyCheck check = new ApiKeyCheck(Optional.of(" " + FIRST + " ,\n" + SECOND + "\n"));

    @Test
    void anyConfiguredKeyIsAccepted() {
        assertThat(check.required()).isTrue();
        assertThat(check.check("Bearer " + FIRST)).isEqualTo(ApiKeyCheck.Outcome.ALLOWED);
        assertThat(check.check("bearer " + SECOND)).isEqualTo(ApiKeyCheck.Outcome.ALLOWED);
    }

    @Test
    void refusesWhatIsNotOneOfTheKeys() {
        assertThat(check.check(null)).isEqualTo(ApiKeyCheck.Outcome.MISSING);
        assertThat(check.check("Bearer ")).isEqualTo(ApiKeyCheck.Outcome.MISSING);
        assertThat(check.check("Basic " + FIRST)).isEqualTo(ApiKeyCheck.Outcome.NOT_BEARER);
        assertThat(check.check("Bearer " + FIRST + SECOND)).isEqualTo(ApiKeyCheck.Outcome.WRONG_KEY);
        assertThat(check.check("Bearer " + FIRST + "," + SECOND)).isEqualTo(ApiKeyCheck.Outcome.WRONG_KEY);
        assertThat(ApiKeyCheck.Outcome.WRONG_KEY.detail()).doesNotContain(FIRST);
    }

    @Test
    void eachKeyIsItsOwnTenantNamedWithoutRevealingTheKey() {
        String first = check.tenant("Bearer " + FIRST);
        String second = check.tenant("Bearer " + SECOND);
        assertThat(first).matches("key-[0-9a-f]{12}").isNotEqualTo(second).doesNotContain(FIRST);
        assertThat(first).isEqualTo(ApiKeyCheck.tenantOf(FIRST));
        // the start of SHA-256("abc"): the same tenant on every replica and version
        assertThat(ApiKeyCheck.tenantOf("abc")).isEqualTo("key-ba7816bf8f01");
    }

    @Test
    void anUnsetOrBlankListLeavesTheApiOpenForOneTenant() {
        for (Optional<String> keys : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of(" , "))) {
            ApiKeyCheck open = new ApiKeyCheck(keys);
            assertThat(open.required()).isFalse();
            assertThat(open.check(null)).isEqualTo(ApiKeyCheck.Outcome.ALLOWED);
            assertThat(open.tenant("Bearer anything")).isEqualTo(ApiKeyCheck.OPEN_TENANT);
        }
    }

    @Test
    void protectsOnlyTheOperatorApi() {
        assertThat(ApiKeyCheck.protects("/api/calls/outbound")).isTrue();
        assertThat(ApiKeyCheck.protects("/api")).isTrue();
        assertThat(ApiKeyCheck.protects("/apis")).isFalse();
        assertThat(ApiKeyCheck.protects("/q/health")).isFalse();
    }
}
