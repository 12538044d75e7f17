package io.voiceagents.outbound.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class OutboundConfigCheckTest {

    private static final String NAME = "PUBLIC_BASE_URL (outbound.public-base-url)";

    @Test
    void theRequiredValuesSayWhatToSet() {
        assertThat(OutboundConfigCheck.urlProblem(NAME, Optional.empty(), true, "call-gateway's URL"))
                .hasValueSatisfying(p -> assertThat(p).startsWith("PUBLIC_BASE_URL").contains("is not set: set it to"));
        assertThat(OutboundConfigCheck.required("TWILIO_AUTH_TOKEN (outbound.twilio.auth-token)", Optional.of(" "),
                "your Auth Token")).hasValueSatisfying(p -> assertThat(p).contains("TWILIO_AUTH_TOKEN").contains("set it"));
        assertThat(OutboundConfigCheck.required("TWILIO_ACCOUNT_SID", Optional.of("AC123"), "x")).isEmpty();
    }

    @Test
    void urlsMustBeAbsoluteHttpWithoutQuery() {
        assertThat(OutboundConfigCheck.urlProblem(NAME, Optional.of("https://voice.example.com"), true, "")).isEmpty();
        assertThat(OutboundConfigCheck.urlProblem(NAME, Optional.of("http://127.0.0.1:8181/"), true, "")).isEmpty();
        assertThat(OutboundConfigCheck.urlProblem(NAME, Optional.of("voice.example.com"), true, ""))
                .hasValueSatisfying(p -> assertThat(p).contains("absolute http(s) URL"));
        assertThat(OutboundConfigCheck.urlProblem(NAME, Optional.of("ftp://voice.example.com"), true, "")).isPresent();
        assertThat(OutboundConfigCheck.urlProblem(NAME, Optional.of("https://voice.example.com?x=1"), true, ""))
                .hasValueSatisfying(p -> assertThat(p).contains("query"));
        assertThat(OutboundConfigCheck.urlProblem("TWILIO_API_BASE_URL", Optional.empty(), false, "")).isEmpty();
    }

    @Test
    void everyApiKeyMustBeLongEnoughAndIsNeverEchoed() {
        assertThat(OutboundConfigCheck.apiKeyProblems(Optional.empty())).isEmpty();
        assertThat(OutboundConfigCheck.apiKeyProblems(Optional.of("0123456789abcdef,fedcba9876543210"))).isEmpty();
        assertThat(OutboundConfigCheck.apiKeyProblems(Optional.of("0123456789abcdef,short")))
                .singleElement().satisfies(p -> assertThat(p).contains("key #2").contains("5 characters")
                        .contains("API_KEY").doesNotContain("short"));
        assertThat(OutboundConfigCheck.apiKeyProblems(Optional.of("0123456789abcdef,"))).hasSize(1);
    }
}
