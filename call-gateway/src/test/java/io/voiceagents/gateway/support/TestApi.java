package io.voiceagents.gateway.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * RestAssured requests to the calls API with the test profile's API key (%test.gateway.api.key). Tests of
 * /api/** use this {@code given()} instead of RestAssured's; a request made without it is refused with 401.
 */
public final class TestApi {

    public static final String API_KEY = "gateway-test-api-key-0123456789abcdef";

    private TestApi() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + API_KEY);
    }
}
