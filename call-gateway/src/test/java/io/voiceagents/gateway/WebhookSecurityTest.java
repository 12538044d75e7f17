package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeBackendsResource;
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
    void aForgedSignatureOnTheOutboundWebhookIsRejected() {
        Map<String, String> outbound = outboundParams();
        WebhookResponse response = Webhooks.twilio().postWithForgedSignature(
                Webhooks.url(outboundPath(UUID.randomUUID(), FakeAgentService.OUTBOUND_AGENT_ID)), outbound);

        assertThat(response.status()).isEqualTo(403);
        given().get("/api/calls/" + outbound.get("CallSid")).then().statusCode(404);
        assertThat(FakeBackendsResource.AGENT.starts).noneMatch(s -> s.getCallSid().equals(outbound.get("CallSid")));
    }

    @Test
    void theOutboundCallIdAndAgentCannotBeSwappedAfterSigning() {
        Map<String, String> outbound = outboundParams();
        UUID oc = UUID.randomUUID();
        String signedPath = outboundPath(oc, FakeAgentService.OUTBOUND_AGENT_ID);
        String signature = TwilioSignature.sign(Webhooks.AUTH_TOKEN, Webhooks.url(signedPath).toString(), outbound);

        // the callee's side cannot point the call at another outbound call (another contact's message and metadata)
        postOutbound(outboundPath(UUID.randomUUID(), FakeAgentService.OUTBOUND_AGENT_ID), outbound, signature)
                .then().statusCode(403);
        postOutbound(outboundPath(oc, UUID.randomUUID().toString()), outbound, signature).then().statusCode(403);
        given().get("/api/calls/" + outbound.get("CallSid")).then().statusCode(404);
        // the URL as signed passes: the 403s above come from the query alone
        postOutbound(signedPath, outbound, signature).then().statusCode(200);
    }

    private static io.restassured.response.Response postOutbound(String path, Map<String, String> params, String signature) {
        return given().contentType("application/x-www-form-urlencoded").header(TwilioSignature.HEADER, signature)
                .formParams(params).post(path);
    }

    private static String outboundPath(UUID oc, String agent) {
        return "/twilio/voice/outbound?oc=" + oc + "&agent=" + agent;
    }

    private static Map<String, String> outboundParams() {
        Map<String, String> p = Webhooks.voiceParams(CallScript.newCallSid(), "+4915100000003");
        p.put("From", FakeAgentService.OUTBOUND_AGENT_NUMBER);
        p.put("Direction", "outbound-api");
        p.put("CallStatus", "in-progress");
        p.put("AnsweredBy", "human");
        return p;
    }

    @Test
    void theCallsApiNeedsNoTwilioSignature() {
        given().get("/api/calls").then().statusCode(200);
    }
}
