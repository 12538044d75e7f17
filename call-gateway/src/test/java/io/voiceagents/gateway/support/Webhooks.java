package io.voiceagents.gateway.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.TwilioCallerEmulator;
import io.voiceagents.testkit.twilio.TwilioSignature;

/** Signed webhook requests as Twilio makes them, for steps the caller emulator does not cover (retries with tokens). */
public final class Webhooks {

    public static final String AUTH_TOKEN = "test-auth-token-not-a-secret";
    public static final String ACCOUNT_SID = "ACtest";

    private Webhooks() {
    }

    public static TwilioCallerEmulator twilio() {
        return new TwilioCallerEmulator(ACCOUNT_SID, AUTH_TOKEN);
    }

    public static URI url(String path) {
        return URI.create(FakeBackendsResource.baseUrl() + path);
    }

    public static CallScript.Builder call() {
        return CallScript.builder(url("/twilio/voice"));
    }

    /** Params of a voice webhook for a call. */
    public static Map<String, String> voiceParams(String callSid, String to) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", ACCOUNT_SID);
        p.put("CallSid", callSid);
        p.put("CallStatus", "ringing");
        p.put("Direction", "inbound");
        p.put("From", "+15005550006");
        p.put("To", to);
        return p;
    }

    /** POSTs a form signed over the public URL, optionally with extra headers (e.g. I-Twilio-Idempotency-Token). */
    public static Response post(String path, Map<String, String> params, Map<String, String> headers) {
        String signature = TwilioSignature.sign(AUTH_TOKEN, url(path).toString(), params);
        RequestSpecification spec = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header(TwilioSignature.HEADER, signature)
                .headers(headers);
        params.forEach(spec::formParam);
        return spec.post(path);
    }

    public static Response post(String path, Map<String, String> params) {
        return post(path, params, Map.of());
    }
}
