package io.voiceagents.testkit.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the emulator with langchain4j's real GoogleAiGeminiChatModel, as agent-service does. */
class GeminiEmulatorTest {

    private static GeminiEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = GeminiEmulator.start(0);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static GoogleAiGeminiChatModel model(Duration timeout) {
        return GoogleAiGeminiChatModel.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey("test-key")
                .modelName("gemini-2.5-flash")
                .timeout(timeout)
                .maxRetries(0)
                .build();
    }

    @Test
    void echoesTheLastUserMessageWithLabelAndStopReason() {
        ChatResponse r = model(Duration.ofSeconds(5)).chat(UserMessage.from("Hello there, what are your hours?"));
        assertThat(r.aiMessage().text()).isEqualTo("[gemini-emulator] You said: Hello there, what are your hours?");
        assertThat(r.finishReason()).hasToString("STOP");
        assertThat(r.tokenUsage().totalTokenCount()).isPositive();
        assertThat(emulator.requestCount()).isEqualTo(1);
        assertThat(emulator.receivedModels()).containsExactly("gemini-2.5-flash");
    }

    @Test
    void answersWithAFactSharingAWordAndReceivesSystemPromptAndHistory() {
        ChatResponse r = model(Duration.ofSeconds(5)).chat(
                SystemMessage.from("You are the receptionist of Acme Dental.\nFACT: We are open Monday to Friday, 9am to 5pm.\nFACT: Parking is free behind the building."),
                UserMessage.from("Hi"),
                AiMessage.from("Hello, how can I help?"),
                UserMessage.from("Is there any PARKING nearby?"));
        assertThat(r.aiMessage().text()).isEqualTo("[gemini-emulator] Parking is free behind the building.");

        JsonNode body = emulator.lastRequest();
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).contains("receptionist of Acme Dental");
        JsonNode contents = body.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(0).get("role").asText()).isEqualTo("user");
        assertThat(contents.get(1).get("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).at("/parts/0/text").asText()).isEqualTo("Hello, how can I help?");
        assertThat(emulator.receivedBodies()).hasSize(1);
    }

    @Test
    void shortWordsDoNotMatchFacts() {
        ChatResponse r = model(Duration.ofSeconds(5)).chat(
                SystemMessage.from("FACT: We are open Monday to Friday."), UserMessage.from("are we ok"));
        assertThat(r.aiMessage().text()).startsWith("[gemini-emulator] You said:");
    }

    @Test
    void injectedFailureBecomesAnExceptionThenRecovers() {
        emulator.failNext(1);
        assertThatThrownBy(() -> model(Duration.ofSeconds(5)).chat(UserMessage.from("hello")))
                .hasMessageContaining("INTERNAL");
        assertThat(model(Duration.ofSeconds(5)).chat(UserMessage.from("hello")).aiMessage().text()).contains("hello");
        emulator.setFailing(true);
        assertThatThrownBy(() -> model(Duration.ofSeconds(5)).chat(UserMessage.from("again"))).isInstanceOf(RuntimeException.class);
        assertThat(emulator.requestCount()).isEqualTo(3);
    }

    @Test
    void latencyIsHonouredAndTriggersClientTimeouts() {
        emulator.setLatency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        model(Duration.ofSeconds(5)).chat(UserMessage.from("slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        emulator.setLatency(Duration.ofSeconds(2));
        assertThatThrownBy(() -> model(Duration.ofMillis(200)).chat(UserMessage.from("too slow")))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void rejectsMissingAndWrongApiKeyLikeGoogle() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(emulator.baseUrl() + "/models/gemini-2.5-flash:generateContent");
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(noKey.body()).at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");

        emulator.requireApiKey("right-key");
        assertThatThrownBy(() -> model(Duration.ofSeconds(5)).chat(UserMessage.from("hi"))).hasMessageContaining("API key not valid");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(uri + "?key=right-key"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-Emulator")).hasValue("gemini-emulator");
    }

    @Test
    void streamingChatModelReceivesTheWholeAnswer() throws Exception {
        GoogleAiGeminiStreamingChatModel streaming = GoogleAiGeminiStreamingChatModel.builder()
                .baseUrl(emulator.baseUrl()).apiKey("test-key").modelName("gemini-2.5-flash").build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        StringBuilder partials = new StringBuilder();
        streaming.chat("Tell me something", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                partials.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse r = done.get(10, TimeUnit.SECONDS);
        assertThat(r.aiMessage().text()).isEqualTo("[gemini-emulator] You said: Tell me something");
        assertThat(partials.toString()).isEqualTo(r.aiMessage().text());
        assertThat(r.finishReason()).hasToString("STOP");
    }

    @Test
    void streamsServerSentEvents() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
                .header("x-goog-api-key", "k")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"stream me\"}]}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(r.body().split("\r\n\r\n")).hasSize(2).allMatch(e -> e.startsWith("data: {"));
        assertThat(r.body()).contains("\"finishReason\":\"STOP\"").contains("stream me");
    }
}
