package io.voiceagents.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class GatewayConfigCheckTest {

    @Test
    void missingAuthTokenSaysWhichVariableToSet() {
        assertThat(GatewayConfigCheck.authTokenProblem(Optional.empty())).hasValueSatisfying(
                message -> assertThat(message).contains("TWILIO_AUTH_TOKEN").contains("set it"));
        assertThat(GatewayConfigCheck.authTokenProblem(Optional.of("  "))).isPresent();
        assertThat(GatewayConfigCheck.authTokenProblem(Optional.of("abc"))).isEmpty();
    }

    @Test
    void apiKeyIsOptionalButNotShort() {
        assertThat(GatewayConfigCheck.apiKeyProblem(Optional.empty())).isEmpty();
        assertThat(GatewayConfigCheck.apiKeyProblem(Optional.of(" "))).isEmpty();
        assertThat(GatewayConfigCheck.apiKeyProblem(Optional.of("short-secret-15"))).hasValueSatisfying(
                message -> assertThat(message).contains("API_KEY").contains("15 characters").contains("at least 16")
                        .doesNotContain("short-secret-15"));
        assertThat(GatewayConfigCheck.apiKeyProblem(Optional.of("0123456789abcdef"))).isEmpty();
    }

    @Test
    void publicBaseUrlMustBeAnAbsoluteHttpUrlWithoutTrailingSlash() {
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.empty()))
                .hasValueSatisfying(m -> assertThat(m).contains("PUBLIC_BASE_URL"));
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.of("voice.example.com"))).isPresent();
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.of("ftp://voice.example.com"))).isPresent();
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.of("https://voice.example.com/")))
                .hasValueSatisfying(m -> assertThat(m).contains("'https://voice.example.com'"));
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.of("https://voice.example.com?x=1"))).isPresent();
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.of("https://voice.example.com"))).isEmpty();
        assertThat(GatewayConfigCheck.publicBaseUrlProblem(Optional.of("http://localhost:8181/gw"))).isEmpty();
    }

    @Test
    void accountSidIsRequiredAndMustBeAnAccountSid() {
        assertThat(GatewayConfigCheck.accountSidProblem(Optional.empty()))
                .hasValueSatisfying(m -> assertThat(m).contains("TWILIO_ACCOUNT_SID").contains("not set"));
        assertThat(GatewayConfigCheck.accountSidProblem(Optional.of("SK123")))
                .hasValueSatisfying(m -> assertThat(m).contains("TWILIO_ACCOUNT_SID").contains("'AC'"));
        assertThat(GatewayConfigCheck.accountSidProblem(Optional.of("AC0123"))).isEmpty();
    }

    @Test
    void apiBaseUrlIsOptionalButMustBeAnHttpUrl() {
        assertThat(GatewayConfigCheck.apiBaseUrlProblem(Optional.empty())).isEmpty();
        assertThat(GatewayConfigCheck.apiBaseUrlProblem(Optional.of(" "))).isEmpty();
        assertThat(GatewayConfigCheck.apiBaseUrlProblem(Optional.of("http://127.0.0.1:8099"))).isEmpty();
        assertThat(GatewayConfigCheck.apiBaseUrlProblem(Optional.of("127.0.0.1:8099")))
                .hasValueSatisfying(m -> assertThat(m).contains("TWILIO_API_BASE_URL"));
        assertThat(GatewayConfigCheck.apiBaseUrlProblem(Optional.of("https://api.example.com/?x=1"))).isPresent();
    }

    @Test
    void sttEndpointIsHostAndPort() {
        assertThat(GatewayConfigCheck.sttEndpointProblem("speech.googleapis.com:443")).isEmpty();
        assertThat(GatewayConfigCheck.sttEndpointProblem("localhost:9091")).isEmpty();
        assertThat(GatewayConfigCheck.sttEndpointProblem("https://speech.googleapis.com"))
                .hasValueSatisfying(m -> assertThat(m).contains("STT_GOOGLE_ENDPOINT").contains("host:port"));
        assertThat(GatewayConfigCheck.sttEndpointProblem("speech.googleapis.com")).isPresent();
        assertThat(GatewayConfigCheck.sttEndpointProblem(null)).isPresent();
    }
}
