package io.voiceagents.gateway.api.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.twilio.security.RequestValidator;

import io.voiceagents.testkit.twilio.TwilioSignature;

class TwilioSignatureValidatorTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = new LinkedHashMap<>();

    static {
        // the example of Twilio's webhook security documentation
        PARAMS.put("CallSid", "CA1234567890ABCDE");
        PARAMS.put("Caller", "+12349013030");
        PARAMS.put("Digits", "1234");
        PARAMS.put("From", "+12349013030");
        PARAMS.put("To", "+18005551212");
    }

    private final TwilioSignatureValidator validator = new TwilioSignatureValidator(TOKEN);

    @Test
    void matchesTwilioDocumentedExample() {
        assertThat(validator.sign(URL, multi(PARAMS))).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(validator.isValid(URL, multi(PARAMS), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
    }

    @Test
    void agreesWithTheOfficialSdkAndTheTestkitSigner() {
        String signature = TwilioSignature.sign(TOKEN, URL, PARAMS);

        assertThat(new RequestValidator(TOKEN).validate(URL, PARAMS, signature)).isTrue();
        assertThat(validator.isValid(URL, multi(PARAMS), signature)).isTrue();
    }

    @Test
    void acceptsTheUrlWithOrWithoutTheDefaultPort() {
        String signedWithPort = TwilioSignature.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS);
        String signedWithoutPort = TwilioSignature.sign(TOKEN, URL, PARAMS);

        assertThat(validator.isValid(URL, multi(PARAMS), signedWithPort)).isTrue();
        assertThat(validator.isValid("https://mycompany.com:443/myapp.php?foo=1&bar=2", multi(PARAMS), signedWithoutPort))
                .isTrue();
        assertThat(validator.isValid("http://gw.local/twilio/voice", Map.of(),
                TwilioSignature.sign(TOKEN, "http://gw.local:80/twilio/voice", Map.of()))).isTrue();
        assertThat(validator.isValid("http://gw.local:8181/twilio/voice", Map.of(),
                TwilioSignature.sign(TOKEN, "http://gw.local/twilio/voice", Map.of()))).isTrue();
    }

    @Test
    void urlVariantsFollowTwilioHelpers() {
        assertThat(TwilioSignatureValidator.urlVariants("https://a.example/x?y=1"))
                .containsExactly("https://a.example/x?y=1", "https://a.example:443/x?y=1");
        assertThat(TwilioSignatureValidator.urlVariants("http://a.example:8080/x"))
                .containsExactly("http://a.example:8080/x", "http://a.example/x");
        assertThat(TwilioSignatureValidator.urlVariants("https://[::1]:8443/x"))
                .containsExactly("https://[::1]:8443/x", "https://[::1]/x");
        assertThat(TwilioSignatureValidator.urlVariants("https://[::1]/x"))
                .containsExactly("https://[::1]/x", "https://[::1]:443/x");
    }

    @Test
    void webSocketUrlsGetTheirDefaultPortVariantToo() {
        assertThat(TwilioSignatureValidator.urlVariants("wss://a.example/twilio/media"))
                .containsExactly("wss://a.example/twilio/media", "wss://a.example:443/twilio/media");
        assertThat(TwilioSignatureValidator.urlVariants("ws://localhost:8181/twilio/media"))
                .containsExactly("ws://localhost:8181/twilio/media", "ws://localhost/twilio/media");
        String signedWithPort = validator.sign("wss://a.example:443/twilio/media", Map.of());
        assertThat(validator.isValid("wss://a.example/twilio/media", Map.of(), signedWithPort)).isTrue();
        assertThat(validator.isValid("wss://b.example/twilio/media", Map.of(), signedWithPort)).isFalse();
    }

    @Test
    void rejectsWrongTokenChangedParamsOtherUrlAndMissingSignature() {
        String signature = TwilioSignature.sign(TOKEN, URL, PARAMS);
        Map<String, List<String>> changed = multi(PARAMS);
        changed.put("To", List.of("+18005550000"));

        assertThat(new TwilioSignatureValidator("other").isValid(URL, multi(PARAMS), signature)).isFalse();
        assertThat(validator.isValid(URL, changed, signature)).isFalse();
        assertThat(validator.isValid("https://mycompany.com/myapp.php?foo=1", multi(PARAMS), signature)).isFalse();
        assertThat(validator.isValid("http://mycompany.com/myapp.php?foo=1&bar=2", multi(PARAMS), signature)).isFalse();
        assertThat(validator.isValid(URL, multi(PARAMS), null)).isFalse();
        assertThat(validator.isValid(URL, multi(PARAMS), "")).isFalse();
    }

    @Test
    void signsEmptyAndRepeatedParametersLikeTwilio() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("SpeechResult", List.of(""));
        params.put("StatusCallbackEvent", List.of("ringing", "completed"));

        assertThat(validator.sign(URL, params)).isEqualTo(TwilioSignature.signMultiValued(TOKEN, URL, params));
    }

    @Test
    void refusesToExistWithoutAToken() {
        assertThatThrownBy(() -> new TwilioSignatureValidator(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, List<String>> multi(Map<String, String> params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }
}
