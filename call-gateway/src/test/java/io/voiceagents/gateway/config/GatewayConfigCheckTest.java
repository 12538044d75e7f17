package io.voiceagents.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void defaultStreamSettingsAreValid() {
        assertThat(GatewayConfigCheck.streamProblems(stream(Map.of()))).isEmpty();
    }

    @Test
    void streamSettingsProblemsNameTheVariableAndAValueThatWorks() {
        List<String> problems = GatewayConfigCheck.streamProblems(stream(Map.of(
                "speechThreshold", 1.2f,
                "silenceThreshold", 0f,
                "minSpeech", Duration.ZERO,
                "bargeInMinSpeech", Duration.ofSeconds(40),
                "playbackLead", Duration.ofSeconds(30),
                "dtmfGap", Duration.ofMillis(-5),
                "sentenceMaxChars", 3,
                "batchGather", Duration.ofMillis(64))));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_VAD_SPEECH_THRESHOLD").contains("0.5"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_VAD_SILENCE_THRESHOLD").contains("0.35"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_MIN_SPEECH").contains("positive duration"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_BARGE_IN_MIN_SPEECH").contains("350ms"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_PLAYBACK_LEAD").contains("100ms"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_DTMF_GAP"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_SENTENCE_MAX_CHARS").contains("180"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("STREAM_VAD_BATCH_GATHER").contains("10ms"));
        assertThat(problems).hasSize(8);
    }

    @Test
    void theMaximumTurnMustOutlastTheMinimumSpeech() {
        assertThat(GatewayConfigCheck.streamProblems(stream(Map.of("maxTurn", Duration.ofMillis(100)))))
                .anySatisfy(p -> assertThat(p).startsWith("STREAM_MAX_TURN").contains("STREAM_MIN_SPEECH"));
    }

    @Test
    void defaultLiveSettingsAreValid() {
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofMillis(200)))).isEmpty();
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(40), Duration.ofSeconds(20), Duration.ZERO)))
                .as("twice the renewal period is enough; 0 publishes every interim text").isEmpty();
    }

    @Test
    void theWatchLeaseMustOutlastTwoRenewalsAndInterimTextStayTimely() {
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(30), Duration.ofSeconds(20),
                Duration.ofMillis(200)))).singleElement().asString().startsWith("LIVE_WATCH_LEASE").contains("60s");
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofMinutes(11), Duration.ofSeconds(20),
                Duration.ofMillis(200)))).singleElement().asString().startsWith("LIVE_WATCH_LEASE").contains("10m");
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(60), Duration.ZERO, Duration.ofMillis(200))))
                .singleElement().asString().startsWith("LIVE_WATCH_RENEW").contains("positive duration");
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(-60), Duration.ZERO, Duration.ofMillis(200))))
                .hasSize(2);
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofMillis(-1)))).singleElement().asString().startsWith("LIVE_INTERIM_INTERVAL").contains("200ms");
        assertThat(GatewayConfigCheck.liveProblems(live(Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofSeconds(6)))).singleElement().asString().startsWith("LIVE_INTERIM_INTERVAL");
    }

    private static GatewayConfig.Live live(Duration lease, Duration renew, Duration interim) {
        Map<String, Object> values = Map.of("maxPending", 1000, "watchLease", lease, "watchRenew", renew,
                "interimInterval", interim);
        return (GatewayConfig.Live) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Live.class}, (proxy, method, args) -> values.get(method.getName()));
    }

    /** The stream settings with their defaults, some replaced. */
    private static GatewayConfig.Stream stream(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.ofEntries(
                Map.entry("speechThreshold", 0.5f),
                Map.entry("silenceThreshold", 0.35f),
                Map.entry("batchGather", Duration.ofMillis(10)),
                Map.entry("minSpeech", Duration.ofMillis(200)),
                Map.entry("endOfTurnSilence", Duration.ofMillis(700)),
                Map.entry("maxTurn", Duration.ofSeconds(30)),
                Map.entry("bargeInMinSpeech", Duration.ofMillis(350)),
                Map.entry("preRoll", Duration.ofMillis(300)),
                Map.entry("sttFinalBudget", Duration.ofSeconds(1)),
                Map.entry("replyBudget", Duration.ofSeconds(5)),
                Map.entry("synthesisBudget", Duration.ofSeconds(3)),
                Map.entry("playbackLead", Duration.ofMillis(100)),
                Map.entry("dtmfGap", Duration.ofMillis(1500)),
                Map.entry("silenceTimeout", Duration.ofSeconds(8)),
                Map.entry("maxCallDuration", Duration.ofMinutes(30)),
                Map.entry("sentenceMaxChars", 180)));
        values.putAll(overrides);
        GatewayConfig.Vad vad = (GatewayConfig.Vad) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Vad.class}, (proxy, method, args) -> values.get(method.getName()));
        return (GatewayConfig.Stream) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.Stream.class},
                (proxy, method, args) -> method.getName().equals("vad") ? vad : values.get(method.getName()));
    }
}
