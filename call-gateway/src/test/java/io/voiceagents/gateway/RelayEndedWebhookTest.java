package io.voiceagents.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.gateway.support.FakeBackendsResource;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.infra.InfraTestResource;

/** The {@code <Connect action>} Twilio requests when a ConversationRelay session is over. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeBackendsResource.class, restrictToAnnotatedClass = false)
class RelayEndedWebhookTest {

    private static final String PATH = "/twilio/voice/relay-ended";
    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    @Test
    void aTransferHandoffDialsTheNumber() {
        String twiml = post(params("{\"reasonCode\":\"transfer\",\"transferTo\":\"+15005550199\"}"), "tok-transfer");

        assertThat(twiml).isEqualTo(XML + "<Response><Dial>+15005550199</Dial></Response>");
    }

    @Test
    void aRetriedDeliveryGetsTheSameAnswer() {
        Map<String, String> params = params("{\"reasonCode\":\"transfer\",\"transferTo\":\"+15005550199\"}");

        assertThat(post(params, "tok-retry")).isEqualTo(post(params, "tok-retry"));
    }

    @Test
    void anEndCallHandoffHangsUp() {
        assertThat(post(params("{\"reasonCode\":\"end-call\"}"), "tok-end")).isEqualTo(XML + "<Response><Hangup/></Response>");
    }

    @Test
    void aSessionThatEndedWithoutHandoffHangsUp() {
        Map<String, String> params = params(null);
        params.put("SessionStatus", "failed");
        params.put("ErrorCode", "64105");
        params.put("ErrorMessage", "WebSocket closed");

        assertThat(post(params, "tok-none")).isEqualTo(XML + "<Response><Hangup/></Response>");
    }

    @Test
    void aTransferToSomethingThatIsNotANumberHangsUpInsteadOfDialling() {
        String twiml = post(params("{\"reasonCode\":\"transfer\",\"transferTo\":\"sip:evil@example.com\"}"), "tok-bad");

        assertThat(twiml).isEqualTo(XML + "<Response><Hangup/></Response>");
    }

    @Test
    void unsignedAndForgedRequestsAreRefused() {
        given().contentType("application/x-www-form-urlencoded").formParam("CallSid", "CA1")
                .formParam("HandoffData", "{\"reasonCode\":\"transfer\",\"transferTo\":\"+19005550000\"}")
                .post(PATH).then().statusCode(400);
        given().contentType("application/x-www-form-urlencoded").header("X-Twilio-Signature", "Zm9yZ2Vk")
                .formParam("CallSid", "CA1")
                .formParam("HandoffData", "{\"reasonCode\":\"transfer\",\"transferTo\":\"+19005550000\"}")
                .post(PATH).then().statusCode(403);
    }

    private static Map<String, String> params(String handoffData) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", Webhooks.ACCOUNT_SID);
        params.put("CallSid", "CA0000000000000000000000000000ended");
        params.put("CallStatus", "in-progress");
        params.put("SessionId", "VX1");
        params.put("SessionStatus", "ended");
        params.put("SessionDuration", "42");
        if (handoffData != null) {
            params.put("HandoffData", handoffData);
        }
        return params;
    }

    private static String post(Map<String, String> params, String idempotencyToken) {
        return Webhooks.post(PATH, params, Map.of("I-Twilio-Idempotency-Token", idempotencyToken)).then().statusCode(200)
                .contentType("text/xml").extract().asString();
    }
}
