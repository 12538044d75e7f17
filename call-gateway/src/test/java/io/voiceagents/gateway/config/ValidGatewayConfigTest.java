package io.voiceagents.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.Test;

/** The constraint Quarkus evaluates while loading configuration, i.e. before the service starts. */
class ValidGatewayConfigTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void missingTokenAndBaseUrlAreReportedWithHowToFixThem() {
        Set<ConstraintViolation<GatewayConfig>> violations = VALIDATOR.validate(config(Optional.empty(), Optional.empty()));

        assertThat(violations).extracting(ConstraintViolation::getMessage)
                .anySatisfy(m -> assertThat(m).startsWith("TWILIO_AUTH_TOKEN").contains("set it"))
                .anySatisfy(m -> assertThat(m).startsWith("PUBLIC_BASE_URL").contains("set it"));
    }

    @Test
    void aCompleteConfigurationPasses() {
        assertThat(VALIDATOR.validate(config(Optional.of("https://voice.example.com"), Optional.of("token")))).isEmpty();
    }

    @Test
    void configuredValuesAreNotEvaluatedAsMessageExpressions() {
        Set<ConstraintViolation<GatewayConfig>> violations = VALIDATOR.validate(
                config(Optional.of("https://x.example/${1+1}/"), Optional.of("token")));

        assertThat(violations).singleElement().extracting(ConstraintViolation::getMessage).asString()
                .contains("${1+1}");
    }

    @Test
    void aShortApiKeyIsReportedWithoutBeingEchoed() {
        Set<ConstraintViolation<GatewayConfig>> violations = VALIDATOR.validate(
                config(Optional.of("https://voice.example.com"), Optional.of("token"), Optional.of("short-key")));

        assertThat(violations).singleElement().extracting(ConstraintViolation::getMessage).asString()
                .startsWith("API_KEY").contains("at least 16").doesNotContain("short-key");
        assertThat(VALIDATOR.validate(config(Optional.of("https://voice.example.com"), Optional.of("token"),
                Optional.of("0123456789abcdef")))).isEmpty();
    }

    @Test
    void aMissingAccountSidIsReportedWithTheVariableToSet() {
        Set<ConstraintViolation<GatewayConfig>> violations = VALIDATOR.validate(config(
                Optional.of("https://voice.example.com"), Optional.of("token"), Optional.empty(), Optional.empty()));

        assertThat(violations).singleElement().extracting(ConstraintViolation::getMessage).asString()
                .startsWith("TWILIO_ACCOUNT_SID");
    }

    private static GatewayConfig config(Optional<String> baseUrl, Optional<String> token) {
        return config(baseUrl, token, Optional.empty());
    }

    private static GatewayConfig config(Optional<String> baseUrl, Optional<String> token, Optional<String> apiKey) {
        return config(baseUrl, token, apiKey, Optional.of("ACtest"));
    }

    private static GatewayConfig config(Optional<String> baseUrl, Optional<String> token, Optional<String> apiKey,
            Optional<String> accountSid) {
        Map<String, Object> values = Map.ofEntries(
                Map.entry("publicBaseUrl", baseUrl),
                Map.entry("key", apiKey),
                Map.entry("accountSid", accountSid),
                Map.entry("apiBaseUrl", Optional.empty()),
                Map.entry("requestTimeout", Duration.ofSeconds(5)),
                Map.entry("streamFirstChunkBudget", Duration.ofSeconds(2)),
                Map.entry("streamBudget", Duration.ofSeconds(15)),
                Map.entry("interruptionBudget", Duration.ofSeconds(5)),
                Map.entry("endpoint", "speech.googleapis.com:443"),
                Map.entry("streamTimeout", Duration.ofSeconds(60)),
                Map.entry("dtmfPause", Duration.ofMillis(1500)),
                Map.entry("maxPromptLength", 4000),
                Map.entry("maxPending", 1000),
                Map.entry("watchLease", Duration.ofSeconds(60)),
                Map.entry("watchRenew", Duration.ofSeconds(20)),
                Map.entry("interimInterval", Duration.ofMillis(200)),
                Map.entry("authToken", token),
                Map.entry("budget", Duration.ofMillis(1500)),
                Map.entry("replyBudget", Duration.ofSeconds(8)),
                Map.entry("startBudget", Duration.ofSeconds(3)),
                Map.entry("endBudget", Duration.ofSeconds(5)),
                Map.entry("maxReprompts", 2),
                Map.entry("retryWindow", Duration.ofSeconds(10)),
                Map.entry("speechThreshold", 0.5f),
                Map.entry("silenceThreshold", 0.35f),
                Map.entry("batchGather", Duration.ofMillis(10)),
                Map.entry("minSpeech", Duration.ofMillis(200)),
                Map.entry("endOfTurnSilence", Duration.ofMillis(700)),
                Map.entry("maxTurn", Duration.ofSeconds(30)),
                Map.entry("bargeInMinSpeech", Duration.ofMillis(350)),
                Map.entry("preRoll", Duration.ofMillis(300)),
                Map.entry("sttFinalBudget", Duration.ofSeconds(1)),
                Map.entry("synthesisBudget", Duration.ofSeconds(3)),
                Map.entry("playbackLead", Duration.ofMillis(100)),
                Map.entry("dtmfGap", Duration.ofMillis(1500)),
                Map.entry("silenceTimeout", Duration.ofSeconds(8)),
                Map.entry("maxCallDuration", Duration.ofMinutes(30)),
                Map.entry("sentenceMaxChars", 180));
        return stub(GatewayConfig.class, values);
    }

    /** A config interface whose leaf methods answer from the map and whose groups are stubs themselves. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + " stub";
            }
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getReturnType().isInterface()
                    && method.getReturnType().getName().startsWith(GatewayConfig.class.getName())) {
                return stub(method.getReturnType(), values);
            }
            if (method.getReturnType() == String.class) {
                return method.getName();
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
