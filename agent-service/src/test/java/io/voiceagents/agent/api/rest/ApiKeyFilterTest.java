package io.voiceagents.agent.api.rest;

import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.voiceagents.agent.TestApi;

/** The test profile sets API_KEY (agent.api.key): /api/** needs it, nothing else does. */
@QuarkusTest
class ApiKeyFilterTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void withoutTheHeaderTheApiAnswers401Problem() {
        assertUnauthorized(RestAssured.given().when().get("/api/agents").then())
                .body("detail", containsString("Authorization: Bearer <API_KEY>"));
    }

    @Test
    void aWrongKeyOrSchemeIs401() {
        assertUnauthorized(RestAssured.given().header("Authorization", "Bearer not-the-key-0123456789")
                .when().get("/api/agents").then());
        assertUnauthorized(RestAssured.given().header("Authorization", "Basic " + TestApi.API_KEY)
                .when().get("/api/agents").then());
    }

    @Test
    void theRightKeyIsLetThroughWhateverTheSchemeCase() {
        RestAssured.given().header("Authorization", "Bearer " + TestApi.API_KEY).when().get("/api/agents").then()
                .statusCode(200);
        RestAssured.given().header("Authorization", "bearer " + TestApi.API_KEY).when().get("/api/agents").then()
                .statusCode(200);
    }

    @Test
    void anUnauthenticatedBadBodyGets401Not400() {
        assertUnauthorized(RestAssured.given().contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/agents").then());
        assertUnauthorized(RestAssured.given().contentType(ContentType.JSON).body(body("", randomNumber()))
                .when().post("/api/agents").then());
    }

    @Test
    void unknownAndEncodedApiPathsAreRefusedBeforeRouting() {
        assertUnauthorized(RestAssured.given().when().get("/api/no-such-thing").then());
        assertUnauthorized(RestAssured.given().urlEncodingEnabled(false).when().get("/api%2Fagents").then());
        assertUnauthorized(RestAssured.given().urlEncodingEnabled(false).when().get("/%61pi/agents").then());
        RestAssured.given().urlEncodingEnabled(false).when().get("//api/agents").then().statusCode(not(200));
    }

    @Test
    void probesAndOtherPathsNeedNoKey() {
        RestAssured.given().when().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().when().get("/q/metrics").then().statusCode(200);
        RestAssured.given().when().get("/q/openapi").then().statusCode(200);
        RestAssured.given().when().get("/twilio/voice").then().statusCode(404);
        RestAssured.given().when().get("/tts/audio/x.wav").then().statusCode(404);
        RestAssured.given().when().get("/apiary").then().statusCode(404);
    }

    private static ValidatableResponse assertUnauthorized(ValidatableResponse response) {
        return response.statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"voice-agents\""))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("type", equalTo("urn:voiceagents:problem:unauthorized"));
    }
}
