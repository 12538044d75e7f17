package io.voiceagents.agent;

import static io.voiceagents.agent.TestApi.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Builds agent bodies and creates agents over REST; numbers are random so test classes never collide. */
public final class TestAgents {

    private TestAgents() {
    }

    public static String randomNumber() {
        return "+1555" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
    }

    public static Map<String, Object> body(String name, String... numbers) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("instructions", "You are the front desk of Acme Dental. Be brief.");
        body.put("greeting", "Hello, Acme Dental, how can I help?");
        body.put("voice", "en-US-Neural2-F");
        body.put("language", "en-US");
        body.put("phoneNumbers", List.of(numbers));
        body.put("callMode", "gather");
        body.put("llm", Map.of("model", "gemini-2.5-flash", "temperature", 0.3, "maxOutputTokens", 256));
        return body;
    }

    public static ValidatableResponse create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/agents").then();
    }

    /** Creates an agent and returns its id. */
    public static String createAgent(Map<String, Object> body) {
        return create(body).statusCode(201).extract().path("id");
    }
}
