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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
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

    private static final ToolSpecification END_CALL = ToolSpecification.builder().name("end_call")
            .description("Hang up after speaking").build();
    private static final ToolSpecification TRANSFER_CALL = ToolSpecification.builder().name("transfer_call")
            .description("Transfer to a person").build();

    private static GoogleAiGeminiStreamingChatModel streamingModel() {
        return GoogleAiGeminiStreamingChatModel.builder()
                .baseUrl(emulator.baseUrl()).apiKey("test-key").modelName("gemini-2.5-flash").build();
    }

    /** What one streamed call delivered, with the time of each partial since the request was sent. */
    private static final class Recorded implements StreamingChatResponseHandler {

        final long startNanos = System.nanoTime();
        final List<String> partials = Collections.synchronizedList(new ArrayList<>());
        final List<Long> partialMillis = Collections.synchronizedList(new ArrayList<>());
        final List<CompleteToolCall> toolCalls = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        Consumer<PartialResponseContext> onFirstPartial = context -> { };

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partialMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
            partials.add(partial.text());
            if (partials.size() == 1) {
                onFirstPartial.accept(context);
            }
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall toolCall) {
            toolCalls.add(toolCall);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        String text() {
            return String.join("", partials);
        }
    }

    private static Recorded stream(ChatRequest request) {
        Recorded recorded = new Recorded();
        streamingModel().chat(request, recorded);
        return recorded;
    }

    private static ChatRequest ask(String text, ToolSpecification... tools) {
        ChatRequest.Builder request = ChatRequest.builder().messages(UserMessage.from(text));
        if (tools.length > 0) {
            request.toolSpecifications(tools);
        }
        return request.build();
    }

    private static void await(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void streamIsPacedInWordChunksAndTheSuffixMakesSeveralSentences() throws Exception {
        emulator.setAnswerSuffix("It is a long answer. It has three sentences.");
        emulator.setStreamTiming(Duration.ofMillis(300), Duration.ofMillis(80));

        Recorded r = stream(ask("Tell me more"));
        ChatResponse response = r.done.get(10, TimeUnit.SECONDS);

        String answer = "[gemini-emulator] You said: Tell me more It is a long answer. It has three sentences.";
        assertThat(response.aiMessage().text()).isEqualTo(answer);
        assertThat(r.text()).isEqualTo(answer);
        assertThat(r.partials).hasSize(GeminiEmulator.chunks(answer).size()).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(p -> assertThat(p.strip().split(" "))
                        .hasSizeLessThanOrEqualTo(GeminiEmulator.WORDS_PER_CHUNK));
        // The pacing as the emulator wrote it (lower bounds only: a loaded machine may be slower, never faster);
        // the client's reading times depend on its scheduling, so they only have to keep the order.
        List<Long> sent = emulator.lastStreamEventMillis();
        int n = r.partialMillis.size();
        assertThat(sent).hasSize(n);
        assertThat(sent.get(0)).isGreaterThanOrEqualTo(300);
        for (int i = 1; i < n; i++) {
            assertThat(sent.get(i) - sent.get(i - 1)).as("gap before event %d", i).isGreaterThanOrEqualTo(79);
        }
        assertThat(r.partialMillis).isSorted();
        assertThat(response.finishReason()).hasToString("STOP");
        assertThat(emulator.streamChunksSent()).isEqualTo(n);
    }

    @Test
    void chunksJoinToTheAnswer() {
        String answer = "one two three four five six seven";
        assertThat(GeminiEmulator.chunks(answer)).containsExactly("one two three ", "four five six ", "seven");
        assertThat(String.join("", GeminiEmulator.chunks("a  b"))).isEqualTo("a  b");
        assertThat(GeminiEmulator.chunks("")).containsExactly("");
    }

    @Test
    void aBrokenStreamDeliversSomeChunksThenAnErrorAndNoFinishReason() throws Exception {
        emulator.setAnswerSuffix("This answer is long enough to be cut off in the middle of it.");
        emulator.failStreamAfterChunks(2);

        Recorded broken = stream(ask("Keep talking"));

        assertThatThrownBy(() -> broken.done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RuntimeException.class);
        assertThat(broken.partials).hasSize(2);
        assertThat(emulator.brokenStreams()).isEqualTo(1);
        // Only the next stream breaks.
        Recorded whole = stream(ask("Keep talking"));
        assertThat(whole.done.get(10, TimeUnit.SECONDS).aiMessage().text()).endsWith("in the middle of it.");
    }

    @Test
    void cancellingThroughTheStreamingHandleDropsTheConnection() throws Exception {
        emulator.setAnswerSuffix("word ".repeat(60).strip());
        emulator.setStreamTiming(Duration.ZERO, Duration.ofMillis(40));
        Recorded r = new Recorded();
        r.onFirstPartial = context -> context.streamingHandle().cancel();

        streamingModel().chat(ask("Go on"), r);

        await(() -> emulator.abandonedStreams() == 1, Duration.ofSeconds(10));
        int total = GeminiEmulator.chunks("[gemini-emulator] You said: Go on " + "word ".repeat(60).strip()).size();
        assertThat(emulator.streamChunksSent()).isLessThan(total);
        assertThat(r.partials).hasSize(1);
        assertThat(r.done).isNotDone();
    }

    @Test
    void goodbyeCallsEndCallWhenDeclared() {
        ChatResponse r = model(Duration.ofSeconds(5)).chat(ask("Thanks, goodbye!", END_CALL, TRANSFER_CALL));

        assertThat(r.aiMessage().text()).isEqualTo(GeminiReplyPolicy.END_CALL_TEXT);
        assertThat(r.aiMessage().toolExecutionRequests()).singleElement()
                .satisfies(call -> assertThat(call.name()).isEqualTo("end_call"));
        JsonNode declared = emulator.lastRequest().path("tools");
        assertThat(declared.toString()).contains("end_call").contains("transfer_call");

        // Not declared: an ordinary echo.
        ChatResponse plain = model(Duration.ofSeconds(5)).chat(ask("Thanks, goodbye!"));
        assertThat(plain.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(plain.aiMessage().text()).isEqualTo("[gemini-emulator] You said: Thanks, goodbye!");
    }

    @Test
    void askingForAPersonCallsTransferOnlyWhenDeclared() throws Exception {
        Recorded r = stream(ask("Can I talk to a human please?", END_CALL, TRANSFER_CALL));
        ChatResponse response = r.done.get(10, TimeUnit.SECONDS);

        assertThat(r.text()).isEqualTo(GeminiReplyPolicy.TRANSFER_CALL_TEXT);
        assertThat(r.toolCalls).singleElement()
                .satisfies(call -> assertThat(call.toolExecutionRequest().name()).isEqualTo("transfer_call"));
        assertThat(response.aiMessage().toolExecutionRequests()).extracting(t -> t.name())
                .containsExactly("transfer_call");
        assertThat(response.aiMessage().text()).isEqualTo(GeminiReplyPolicy.TRANSFER_CALL_TEXT);

        ChatResponse noTransfer = model(Duration.ofSeconds(5)).chat(ask("Transfer me to a person", END_CALL));
        assertThat(noTransfer.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(noTransfer.aiMessage().text()).contains("You said: Transfer me");
    }

    @Test
    void aFunctionCallCanComeWithoutText() throws Exception {
        emulator.setFunctionCallText(false);

        Recorded r = stream(ask("bye", END_CALL));
        ChatResponse response = r.done.get(10, TimeUnit.SECONDS);

        assertThat(r.partials).isEmpty();
        assertThat(r.toolCalls).hasSize(1);
        assertThat(response.aiMessage().text()).isNull();
        assertThat(response.aiMessage().toolExecutionRequests()).extracting(t -> t.name()).containsExactly("end_call");
    }
}
