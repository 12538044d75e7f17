package io.voiceagents.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The operator API through a stack's front door, as a client with the API key would use it. */
final class FrontDoorClient {

    /** An answer: status, parsed JSON body (null when empty), raw body and headers. */
    record Answer(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String apiKey;

    FrontDoorClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode get(String path, int expectedStatus) {
        return expect(send("GET", path, null, null, Map.of()), path, expectedStatus).json();
    }

    JsonNode postJson(String path, Object body, int expectedStatus) {
        return expect(postJson(path, body, Map.of()), path, expectedStatus).json();
    }

    Answer postJson(String path, Object body, Map<String, String> headers) {
        try {
            return send("POST", path, "application/json", json.writeValueAsString(body), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonNode postCsv(String path, String csv, int expectedStatus) {
        return expect(send("POST", path, "text/csv", csv, Map.of()), path, expectedStatus).json();
    }

    Answer post(String path) {
        return send("POST", path, null, null, Map.of());
    }

    Answer delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    Answer send(String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), parse(text), text, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null; // not JSON (a proxy's error page): the raw body is in the answer
        }
    }

    static Answer expect(Answer answer, String path, int expectedStatus) {
        assertThat(answer.status()).as(path + " → " + answer.body()).isEqualTo(expectedStatus);
        return answer;
    }
}
