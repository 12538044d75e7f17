package io.voiceagents.outbound.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.voiceagents.outbound.api.rest.ApiKeyCheck;

/**
 * RestAssured requests to /api/** with one of the test API keys. Each key is its own tenant with its own limits, so
 * tests that fill a limit use a key of their own.
 */
public final class TestApi {

    /** General use. */
    public static final String KEY = "outbound-test-key-general-0123456789";
    /** Concurrency limit test. */
    public static final String CONCURRENCY_KEY = "outbound-test-key-concurrency-01234";
    /** Rate limit test. */
    public static final String RATE_KEY = "outbound-test-key-rate-0123456789ab";
    /** Dialer tests. */
    public static final String DIALER_KEY = "outbound-test-key-dialer-0123456789";
    /** A second tenant, to show what one key cannot see of another's. */
    public static final String OTHER_KEY = "outbound-test-key-other-tenant-0123";
    public static final List<String> KEYS = List.of(KEY, CONCURRENCY_KEY, RATE_KEY, DIALER_KEY, OTHER_KEY);

    private static final AtomicInteger NUMBERS = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

    private TestApi() {
    }

    public static RequestSpecification given() {
        return given(KEY);
    }

    public static RequestSpecification given(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }

    public static String tenant(String key) {
        return ApiKeyCheck.tenantOf(key);
    }

    /** A US number no other test uses. */
    public static String freshNumber() {
        return String.format("+1415%07d", NUMBERS.incrementAndGet() % 10_000_000);
    }

    /** The body of a call to {@code to} by the default agent. */
    public static String call(String to) {
        return "{\"to\":\"" + to + "\",\"agentId\":\"" + FakeAgentService.AGENT + "\"}";
    }
}
