package io.voiceagents.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, String> docsParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("To", "+18005551212");
        p.put("CallSid", "CA1234567890ABCDE");
        p.put("From", "+12349013030");
        p.put("Digits", "1234");
        p.put("Caller", "+12349013030");
        return p;
    }

    @Test
    void matchesTwilioDocumentationExample() {
        assertThat(TwilioSignature.sign(TOKEN, URL, docsParams())).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void officialValidatorAcceptsOurSignatures() {
        RequestValidator validator = new RequestValidator(TOKEN);
        Map<String, String> p = docsParams();
        p.put("SpeechResult", "I'd like an appointment, please & thanks — ünïcode");
        p.put("Confidence", "0.92");
        String signature = TwilioSignature.sign(TOKEN, URL, p);
        assertThat(validator.validate(URL, p, signature)).isTrue();
        assertThat(validator.validate(URL, Map.of(), TwilioSignature.sign(TOKEN, URL, Map.of()))).isTrue();
    }

    @Test
    void officialValidatorRejectsTamperedOrForged() {
        RequestValidator validator = new RequestValidator(TOKEN);
        Map<String, String> p = docsParams();
        String signature = TwilioSignature.sign(TOKEN, URL, p);
        Map<String, String> tampered = new LinkedHashMap<>(p);
        tampered.put("Digits", "9999");
        assertThat(validator.validate(URL, tampered, signature)).isFalse();
        assertThat(validator.validate(URL.replace("foo=1", "foo=2"), p, signature)).isFalse();
        assertThat(validator.validate(URL, p, TwilioSignature.sign("wrong-token", URL, p))).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, URL, p, signature)).isTrue();
        assertThat(TwilioSignature.matches(TOKEN, URL, tampered, signature)).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, URL, p, null)).isFalse();
    }

    @Test
    void multiValuedParametersAppendEachSortedValueAfterTheName() {
        List<Map.Entry<String, String>> pairs = List.of(
                Map.entry("StatusCallbackEvent", "ringing"),
                Map.entry("To", "+15005550006"),
                Map.entry("StatusCallbackEvent", "answered"));
        // what Twilio's helper libraries build: names sorted, values of a repeated name sorted
        String expected = hmac(URL + "StatusCallbackEventansweredStatusCallbackEventringingTo+15005550006");
        assertThat(TwilioSignature.sign(TOKEN, URL, pairs)).isEqualTo(expected);
        assertThat(TwilioSignature.signMultiValued(TOKEN, URL, Map.of("To", List.of("+15005550006"),
                "StatusCallbackEvent", List.of("ringing", "answered")))).isEqualTo(expected);
        // single values: identical to the Map<String,String> variant the SDK validates
        assertThat(TwilioSignature.sign(TOKEN, URL, List.copyOf(docsParams().entrySet())))
                .isEqualTo(TwilioSignature.sign(TOKEN, URL, docsParams()));
    }

    private static String hmac(String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
            return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
