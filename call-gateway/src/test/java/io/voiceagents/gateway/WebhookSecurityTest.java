package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.TwilioSignature;
import io.voiceagents.testkit.twilio.WebhookResponse;

/** Every /twilio/** request must be signed over the configured public URL. */
@QuarkusTest
class WebhookSecurityTest {

    private final Map<String, String> params = Webhooks.voiceParams(CallScript.newCallSid(), FakeAgentService.AGENT_NUMBER);

    @Test
    void missingSignatureIsRejectedWith400Problem() {
        WebhookResponse response = Webhooks.twilio().postUnsigned(Webhooks.url("/twilio/voice"), params);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers().get("content-type")).anySatisfy(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":400").contains("X-Twilio-Signature");
    }

    @Test
    void forgedSignatureIsRejectedWith403Problem() {
        WebhookResponse response = Webhooks.twilio().postWithForgedSignature(Webhooks.url("/twilio/voice/gather"), params);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("\"status\":403");
        given().get("/api/calls/" + params.get("CallSid")).then().statusCode(404);
    }

    @Test
    void tamperedParameterIsRejected() {
        String signature = TwilioSignature.sign(Webhooks.AUTH_TOKEN, Webhooks.url("/twilio/voice").toString(), params);
        Map<String, String> tampered = new java.util.LinkedHashMap<>(params);
        tampered.put("To", "+15005550001");
        given().contentType("application/x-www-form-urlencoded").header(TwilioSignature.HEADER, signature)
                .formParams(tampered)
                .post("/twilio/voice").then().statusCode(403);
    }

    @Test
    void forwardedHeadersDoNotChangeTheUrlThatIsChecked() {
        String spoofed = TwilioSignature.sign(Webhooks.AUTH_TOKEN, "https://attacker.example/twilio/voice", params);
        given().contentType("application/x-www-form-urlencoded").header(TwilioSignature.HEADER, spoofed)
                .header("X-Forwarded-Host", "attacker.example").header("X-Forwarded-Proto", "https")
                .formParams(params)
                .post("/twilio/voice").then().statusCode(403);
    }

    @Test
    void urlSignedWithoutThePortIsAcceptedLikeTwilioHelpersDo() {
        String withoutPort = Webhooks.url("/twilio/voice").toString().replaceFirst(":\\d+/", "/");
        String signature = TwilioSignature.sign(Webhooks.AUTH_TOKEN, withoutPort, params);
        given().contentType("application/x-www-form-urlencoded").header(TwilioSignature.HEADER, signature)
                .formParams(params)
                .post("/twilio/voice").then().statusCode(200);
    }

    @Test
    void theQueryStringIsPartOfTheSignedUrl() {
        Map<String, String> status = Map.of("CallSid", CallScript.newCallSid(), "CallStatus", "ringing");
        String signed = TwilioSignature.sign(Webhooks.AUTH_TOKEN, Webhooks.url("/twilio/voice/status?agent=a%201").toString(),
                status);
        given().contentType("application/x-www-form-urlencoded").header(TwilioSignature.HEADER, signed)
                .urlEncodingEnabled(false).formParams(status)
                .post("/twilio/voice/status?agent=a%201").then().statusCode(204);
        given().contentType("application/x-www-form-urlencoded").header(TwilioSignature.HEADER, signed)
                .urlEncodingEnabled(false).formParams(status)
                .post("/twilio/voice/status?agent=b").then().statusCode(403);
    }

    @Test
    void theCallsApiNeedsNoTwilioSignature() {
        given().get("/api/calls").then().statusCode(200);
    }
}
