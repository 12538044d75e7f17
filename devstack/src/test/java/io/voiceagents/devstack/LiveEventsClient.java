package io.voiceagents.devstack;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A dashboard watching one call on {@code /api/calls/{sid}/live}: every message received, parsed, in order. The
 * first is the SNAPSHOT, then one message per live event ({@code {type, at, text, turnIndex}}).
 */
final class LiveEventsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JsonNode> messages = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private LiveEventsClient(String socketUrl, String apiKey) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        socket = builder.buildAsync(URI.create(socketUrl), new Listener()).orTimeout(15, TimeUnit.SECONDS).join();
    }

    /**
     * Opens the live view of {@code callSid} through the front door.
     *
     * @throws java.util.concurrent.CompletionException when the upgrade is refused (e.g. no key)
     */
    static LiveEventsClient open(LocalStack stack, String callSid, String apiKey) {
        return new LiveEventsClient("ws://127.0.0.1:" + stack.frontDoorPort() + "/api/calls/" + callSid + "/live", apiKey);
    }

    synchronized List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    /** The {@code type}s received so far, in order. */
    synchronized List<String> types() {
        return messages.stream().map(m -> m.path("type").asText()).toList();
    }

    /** Waits for a message matching {@code match} and returns it. */
    JsonNode awaitMessage(Predicate<JsonNode> match, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> messages().stream().filter(match).findFirst().orElse(null), m -> m != null);
    }

    JsonNode awaitEvent(String type, Duration timeout) {
        return awaitMessage(m -> type.equals(m.path("type").asText()), timeout);
    }

    /** Events of {@code type}, in order. */
    List<JsonNode> events(String type) {
        return messages().stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
        http.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    synchronized (LiveEventsClient.this) {
                        messages.add(message);
                    }
                } catch (java.io.IOException e) {
                    synchronized (LiveEventsClient.this) {
                        messages.add(JSON.createObjectNode().put("type", "NOT_JSON").put("text", text));
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
