package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static io.voiceagents.agent.api.grpc.ConversationClient.callSid;
import static io.voiceagents.agent.api.grpc.ConversationClient.last;
import static io.voiceagents.agent.api.grpc.ConversationClient.request;
import static io.voiceagents.agent.api.grpc.ConversationClient.text;
import static io.voiceagents.agent.api.grpc.StreamReplyTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.GetAgentRequest;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyResponse;
import io.voiceagents.testkit.gemini.GeminiReplyPolicy;

/** The agent's call tools (end_call, transfer_call) and keypad input, streamed and unary. */
@QuarkusTest
class CallToolsTest extends StreamedConversationTest {

    private static final String TRANSFER_NUMBER = "+14155550199";

    @Test
    void askingForAPersonTransfersToTheConfiguredNumber() {
        String agentId = createAgent(transferringAgent());
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        List<ReplyChunk> chunks = client.stream(callSid, "Can I talk to a human, please?", callSid + ":1");

        assertThat(text(chunks)).isEqualTo(GeminiReplyPolicy.TRANSFER_CALL_TEXT);
        ReplyChunk last = last(chunks);
        assertThat(last.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_TRANSFER);
        assertThat(last.getTransferTo()).isEqualTo(TRANSFER_NUMBER);
        JsonNode prompt = gemini.lastRequest();
        assertThat(declaredTools(prompt)).contains("end_call", "transfer_call");
        assertThat(prompt.path("systemInstruction").toString()).contains("transfer_call").contains("end_call");
        // The model never chooses the number: the declaration has no parameters at all.
        assertThat(prompt.path("tools").toString()).doesNotContain("parameters");

        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getString("messages[2].outcome")).isEqualTo("transfer");
        assertThat(stored.getString("messages[2].transferTo")).isEqualTo(TRANSFER_NUMBER);

        // A replayed turn says the same, transfer included.
        List<ReplyChunk> replay = client.stream(callSid, "Can I talk to a human, please?", callSid + ":1");
        assertThat(replay).singleElement().satisfies(chunk -> {
            assertThat(chunk.getReplayed()).isTrue();
            assertThat(chunk.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_TRANSFER);
            assertThat(chunk.getTransferTo()).isEqualTo(TRANSFER_NUMBER);
        });

        AgentProfile profile = client.blocking.getAgent(GetAgentRequest.newBuilder().setAgentId(agentId).build());
        assertThat(profile.getTransferNumber()).isEqualTo(TRANSFER_NUMBER);
    }

    @Test
    void withoutATransferNumberThereIsNoTransferTool() {
        String agentId = createAgent(body("No transfers", randomNumber()));
        String callSid = callSid();
        client.start(agentId, callSid);

        List<ReplyChunk> chunks = client.stream(callSid, "Can I talk to a human, please?", callSid + ":1");

        assertThat(last(chunks).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        assertThat(last(chunks).getTransferTo()).isEmpty();
        assertThat(text(chunks)).contains("You said: Can I talk to a human");
        assertThat(declaredTools(gemini.lastRequest())).containsExactly("end_call");
        assertThat(gemini.lastRequest().path("systemInstruction").toString()).doesNotContain("transfer_call");
        AgentProfile profile = client.blocking.getAgent(GetAgentRequest.newBuilder().setAgentId(agentId).build());
        assertThat(profile.getTransferNumber()).isEmpty();
    }

    @Test
    void sayingGoodbyeEndsTheCall() {
        String agentId = createAgent(body("Closer", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        List<ReplyChunk> chunks = client.stream(callSid, "That is all, thanks. Bye!", callSid + ":1");

        assertThat(text(chunks)).isEqualTo(GeminiReplyPolicy.END_CALL_TEXT);
        assertThat(last(chunks).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_END_CALL);
        assertThat(last(chunks).getTransferTo()).isEmpty();
        assertThat(conversation(agentId, conversationId).getString("messages[2].outcome"))
                .isEqualTo("end_call");
    }

    @Test
    void aToolCallWithoutWordsIsSpokenAsAClosingLine() {
        gemini.setFunctionCallText(false);
        String agentId = createAgent(transferringAgent());
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        List<ReplyChunk> bye = client.stream(callSid, "goodbye", callSid + ":1");
        List<ReplyChunk> transfer = client.stream(callSid, "transfer me", callSid + ":2");

        assertThat(bye).hasSize(2);
        assertThat(bye.get(0).getDelta()).isEqualTo("Goodbye!");
        assertThat(bye.get(0).getLlmFirstTokenMs()).isPositive();
        assertThat(last(bye).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_END_CALL);
        assertThat(text(transfer)).isEqualTo("Let me transfer you now.");
        assertThat(last(transfer).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_TRANSFER);
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getString("messages[2].text")).isEqualTo("Goodbye!");
        assertThat(stored.getString("messages[4].text")).isEqualTo("Let me transfer you now.");
    }

    @Test
    void theUnaryReplyUsesTheSameTools() {
        String callSid = callSid();
        client.start(createAgent(transferringAgent()), callSid);

        ReplyResponse transfer = client.blocking.reply(request(callSid, "Let me speak to a person", callSid + ":1"));
        ReplyResponse bye = client.blocking.reply(request(callSid, "OK goodbye", callSid + ":2"));
        gemini.setFunctionCallText(false);
        ReplyResponse silentBye = client.blocking.reply(request(callSid, "bye", callSid + ":3"));

        assertThat(transfer.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_TRANSFER);
        assertThat(transfer.getText()).isEqualTo(GeminiReplyPolicy.TRANSFER_CALL_TEXT);
        assertThat(transfer.getTransferTo()).isEqualTo(TRANSFER_NUMBER);
        assertThat(client.blocking.reply(request(callSid, "Let me speak to a person", callSid + ":1")).getTransferTo())
                .as("a replayed turn keeps its transfer number").isEqualTo(TRANSFER_NUMBER);
        assertThat(bye.getTransferTo()).isEmpty();
        assertThat(bye.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_END_CALL);
        assertThat(silentBye.getText()).isEqualTo("Goodbye!");
        assertThat(silentBye.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_END_CALL);
        assertThat(declaredTools(gemini.lastRequest())).contains("end_call", "transfer_call");
    }

    @Test
    void keypadDigitsReachThePromptAndTheTranscript() {
        String agentId = createAgent(body("Keypad", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        List<ReplyChunk> keysOnly = client.stream(request(callSid, "", callSid + ":1").toBuilder()
                .setDtmfDigits("12#").build());
        String lastUser = GeminiReplyPolicy.lastUserText(gemini.lastRequest());
        String system = gemini.lastRequest().path("systemInstruction").toString();
        ReplyResponse withWords = client.blocking.reply(request(callSid, "Billing please", callSid + ":2")
                .toBuilder().setDtmfDigits("2").build());

        assertThat(lastUser).isEqualTo("[keypad: 1 2 #]");
        assertThat(system).contains("pressed those keys");
        assertThat(text(keysOnly)).isEqualTo("[gemini-emulator] You said: [keypad: 1 2 #]");
        assertThat(withWords.getText()).isEqualTo("[gemini-emulator] You said: Billing please [keypad: 2]");
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getString("messages[1].text")).isEqualTo("[keypad: 1 2 #]");
        assertThat(stored.getString("messages[3].text")).isEqualTo("Billing please [keypad: 2]");

        assertStatus(() -> client.blocking.reply(request(callSid, "", callSid + ":3").toBuilder()
                .setDtmfDigits("1x").build()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> client.blocking.reply(request(callSid, " ", callSid + ":3")), Status.Code.INVALID_ARGUMENT);
    }

    private static Map<String, Object> transferringAgent() {
        Map<String, Object> body = body("Transferring", randomNumber());
        body.put("transferNumber", TRANSFER_NUMBER);
        return body;
    }

    private static List<String> declaredTools(JsonNode request) {
        return List.copyOf(GeminiReplyPolicy.declaredFunctions(request));
    }

    private static JsonPath conversation(String agentId, String conversationId) {
        return given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .statusCode(200).extract().jsonPath();
    }
}
