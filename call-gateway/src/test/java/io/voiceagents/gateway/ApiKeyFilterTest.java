package io.voiceagents.gateway;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.TestApi;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.twilio.CallScript;

/** The test profile sets API_KEY (gateway.api.key): /api/** needs it; Twilio's webhooks, probes and audio do not. */
@QuarkusTest
class ApiKeyFilterTest {

    @Test
    void withoutTheHeaderTheCallsApiAnswers401Problem() {
        assertUnauthorized(RestAssured.given().when().get("/api/calls").then())
                .body("detail", containsString("Authorization: Bearer <API_KEY>"));
        assertUnauthorized(RestAssured.given().when().get("/api/calls/CAdoesnotexist").then());
    }

    @Test
    void aWrongKeyOrSchemeIs401() {
        assertUnauthorized(RestAssured.given().header("Authorization", "Bearer not-the-key-0123456789")
                .when().get("/api/calls").then());
        assertUnauthorized(RestAssured.given().header("Authorization", "Basic " + TestApi.API_KEY)
                .when().get("/api/calls").then());
    }

    @Test
    void theRightKeyIsLetThrough() {
        RestAssured.given().header("Authorization", "Bearer " + TestApi.API_KEY).when().get("/api/calls").then()
                .statusCode(200);
        RestAssured.given().header("Authorization", "bearer " + TestApi.API_KEY).when().get("/api/calls").then()
                .statusCode(200);
    }

    @Test
    void invalidParametersWithoutTheKeyGet401Not400() {
        assertUnauthorized(RestAssured.given().queryParam("size", "abc").when().get("/api/calls").then());
    }

    @Test
    void unknownAndEncodedApiPathsAreRefusedBeforeRouting() {
        assertUnauthorized(RestAssured.given().when().get("/api/no-such-thing").then());
        assertUnauthorized(RestAssured.given().urlEncodingEnabled(false).when().get("/api%2Fcalls").then());
        RestAssured.given().urlEncodingEnabled(false).when().get("//api/calls").then().statusCode(not(200));
    }

    @Test
    void twilioWebhooksAreJudgedByTheirSignatureOnly() {
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(CallScript.newCallSid(), FakeAgentService.AGENT_NUMBER))
                .then().statusCode(200);
        // unsigned: the signature filter's 400, not the API key's 401
        RestAssured.given().contentType("application/x-www-form-urlencoded").formParam("CallSid", "CAx")
                .when().post("/twilio/voice").then().statusCode(400);
    }

    @Test
    void probesAndOtherPathsNeedNoKey() {
        RestAssured.given().when().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().when().get("/q/metrics").then().statusCode(200);
        // the test stand-in for tts-service's audio, which Twilio fetches without any credentials
        RestAssured.given().when().get("/tts/audio/x.wav").then().statusCode(200);
        RestAssured.given().when().get("/apiary").then().statusCode(404);
    }

    private static ValidatableResponse assertUnauthorized(ValidatableResponse response) {
        return response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"voice-agents\""))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }
}
