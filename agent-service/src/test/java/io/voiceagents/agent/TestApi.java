package io.voiceagents.agent;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * RestAssured requests to the operator API with the test profile's API key (%test.agent.api.key). Tests use
 * this {@code given()} instead of RestAssured's; a request made without it is refused with 401.
 */
public final class TestApi {

    public static final String API_KEY = "agent-test-api-key-0123456789abcdef";

    private TestApi() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + API_KEY);
    }
}
