package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.voiceagents.agent.GeminiEmulatorResource;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.CallMode;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.EndConversationRequest;
import io.voiceagents.contracts.agent.v1.GetAgentRequest;
import io.voiceagents.contracts.agent.v1.LookupAgentByNumberRequest;
import io.voiceagents.contracts.agent.v1.MachineAction;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.contracts.agent.v1.ReplyResponse;
import io.voiceagents.contracts.agent.v1.StartConversationRequest;
import io.voiceagents.contracts.agent.v1.StartConversationResponse;
import io.voiceagents.testkit.gemini.GeminiEmulator;
import io.voiceagents.testkit.support.ServiceGrpc;

/** The conversation gRPC API as call-gateway uses it, against the Gemini emulator. */
@QuarkusTest
class ConversationGrpcServiceTest {

    private static final String APOLOGY = "Sorry, I had trouble with that. Could you say it again?";

    private final ObjectMapper json = new ObjectMapper();
    private final GeminiEmulator gemini = GeminiEmulatorResource.emulator();
    private ManagedChannel channel;
    private ConversationServiceGrpc.ConversationServiceBlockingStub conversations;

    private static boolean warmedUp;

    @BeforeEach
    void connect() {
        channel = ServiceGrpc.channel();
        conversations = ConversationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        warmUp();
        gemini.reset();
    }

    /**
     * The first LLM call of a fresh JVM loads the HTTP and JSON stacks; on a busy build machine that alone
     * can exceed the test's short LLM timeout, so one unasserted turn goes first.
     */
    private void warmUp() {
        if (warmedUp) {
            return;
        }
        String callSid = callSid();
        start(createAgent(body("Warm-up", randomNumber())), callSid);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (reply(callSid, "warming up", "w" + attempt).getOutcome() == ReplyOutcome.REPLY_OUTCOME_OK) {
                break;
            }
        }
        warmedUp = true;
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        gemini.reset();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void looksUpTheAgentOfANumber() {
        String number = randomNumber();
        Map<String, Object> body = body("Lookup", number);
        body.put("callMode", "stream");
        String id = createAgent(body);

        AgentProfile profile = conversations.lookupAgentByNumber(
                LookupAgentByNumberRequest.newBuilder().setPhoneNumber(number).build());
        assertThat(profile.getAgentId()).isEqualTo(id);
        assertThat(profile.getName()).isEqualTo("Lookup");
        assertThat(profile.getGreeting()).isEqualTo("Hello, Acme Dental, how can I help?");
        assertThat(profile.getVoice()).isEqualTo("en-US-Neural2-F");
        assertThat(profile.getLanguage()).isEqualTo("en-US");
        assertThat(profile.getCallMode()).isEqualTo(CallMode.CALL_MODE_STREAM);
        assertThat(profile.getVersion()).isEqualTo(1);
        assertThat(profile.getPhoneNumbersList()).containsExactly(number);
        // An agent created without answering-machine settings hangs up on machines.
        assertThat(profile.getMachineAction()).isEqualTo(MachineAction.MACHINE_ACTION_HANG_UP);
        assertThat(profile.getVoicemailMessage()).isEmpty();

        assertStatus(() -> conversations.lookupAgentByNumber(
                LookupAgentByNumberRequest.newBuilder().setPhoneNumber(randomNumber()).build()), Status.Code.NOT_FOUND);
        assertStatus(() -> conversations.lookupAgentByNumber(
                LookupAgentByNumberRequest.newBuilder().setPhoneNumber("call me maybe").build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void getsAnAgentById() {
        String callerId = randomNumber();
        String second = randomNumber();
        Map<String, Object> body = body("Dialer", callerId, second);
        body.put("machineAction", "leave-message");
        body.put("voicemailMessage", "Hi, Acme Dental here. Please call us back.");
        String id = createAgent(body);

        AgentProfile profile = conversations.getAgent(GetAgentRequest.newBuilder().setAgentId(id).build());

        assertThat(profile.getAgentId()).isEqualTo(id);
        assertThat(profile.getName()).isEqualTo("Dialer");
        assertThat(profile.getGreeting()).isEqualTo("Hello, Acme Dental, how can I help?");
        assertThat(profile.getCallMode()).isEqualTo(CallMode.CALL_MODE_GATHER);
        assertThat(profile.getVersion()).isEqualTo(1);
        assertThat(profile.getPhoneNumbersList()).containsExactly(callerId, second);
        assertThat(profile.getMachineAction()).isEqualTo(MachineAction.MACHINE_ACTION_LEAVE_MESSAGE);
        assertThat(profile.getVoicemailMessage()).isEqualTo("Hi, Acme Dental here. Please call us back.");

        // The profile follows updates: hang-up, no numbers, the greeting for machines.
        Map<String, Object> update = body("Dialer");
        update.put("version", 1);
        update.put("machineAction", "hang-up");
        given().contentType(ContentType.JSON).body(update).when().put("/api/agents/" + id).then().statusCode(200);
        AgentProfile updated = conversations.getAgent(GetAgentRequest.newBuilder().setAgentId(" " + id + " ").build());
        assertThat(updated.getVersion()).isEqualTo(2);
        assertThat(updated.getPhoneNumbersList()).isEmpty();
        assertThat(updated.getMachineAction()).isEqualTo(MachineAction.MACHINE_ACTION_HANG_UP);
        assertThat(updated.getVoicemailMessage()).isEmpty();
    }

    @Test
    void getAgentRefusesUnknownAndMalformedIds() {
        assertStatus(() -> conversations.getAgent(GetAgentRequest.newBuilder()
                .setAgentId(UUID.randomUUID().toString()).build()), Status.Code.NOT_FOUND);
        assertStatus(() -> conversations.getAgent(GetAgentRequest.newBuilder().setAgentId("agent-7").build()),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> conversations.getAgent(GetAgentRequest.newBuilder().build()),
                Status.Code.INVALID_ARGUMENT);

        String deleted = createAgent(body("Gone", randomNumber()));
        given().when().delete("/api/agents/" + deleted).then().statusCode(204);
        assertStatus(() -> conversations.getAgent(GetAgentRequest.newBuilder().setAgentId(deleted).build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void startIsIdempotentPerCallSid() {
        String number = randomNumber();
        String agentId = createAgent(body("Starter", number));
        String callSid = callSid();
        StartConversationRequest request = StartConversationRequest.newBuilder()
                .setCallSid(callSid).setAgentId(agentId).setFromNumber("+14155550123").setToNumber(number)
                .setDirection("inbound").build();

        StartConversationResponse first = conversations.startConversation(request);
        StartConversationResponse second = conversations.startConversation(request);

        assertThat(first.getCreated()).isTrue();
        assertThat(first.getGreeting()).isEqualTo("Hello, Acme Dental, how can I help?");
        assertThat(first.getAgent().getAgentId()).isEqualTo(agentId);
        assertThat(first.getAgent().getPhoneNumbersList()).containsExactly(number);
        assertThat(first.getAgent().getMachineAction()).isEqualTo(MachineAction.MACHINE_ACTION_HANG_UP);
        assertThat(second.getCreated()).isFalse();
        assertThat(second.getAgent()).isEqualTo(first.getAgent());
        assertThat(second.getConversationId()).isEqualTo(first.getConversationId());
        assertThat(second.getGreeting()).isEqualTo(first.getGreeting());

        // The greeting is the first, and only, message.
        given().when().get("/api/agents/" + agentId + "/conversations/" + first.getConversationId()).then()
                .statusCode(200)
                .body("callSid", equalTo(callSid))
                .body("status", equalTo("active"))
                .body("direction", equalTo("inbound"))
                .body("messages.size()", equalTo(1))
                .body("messages[0].role", equalTo("assistant"))
                .body("messages[0].outcome", equalTo("greeting"))
                .body("messages[0].seq", equalTo(1));
    }

    @Test
    void startWithInitialMessageAndMetadataResolvingTheAgentByNumber() {
        String number = randomNumber();
        Map<String, Object> body = body("Outbound", number);
        body.put("machineAction", "leave-message");
        body.put("voicemailMessage", "Please call Acme Dental back.");
        String agentId = createAgent(body);
        StartConversationResponse started = conversations.startConversation(StartConversationRequest.newBuilder()
                .setCallSid(callSid()).setToNumber(number).setFromNumber("+14155550199").setDirection("outbound-api")
                .setInitialMessage("Hi, this is Acme Dental calling about your appointment.")
                .setMetadataJson("{\"patient\":\"Ada\",\"appointment\":\"Tuesday 10am\"}").build());

        assertThat(started.getGreeting()).isEqualTo("Hi, this is Acme Dental calling about your appointment.");
        assertThat(started.getAgent().getAgentId()).isEqualTo(agentId);
        assertThat(started.getAgent().getPhoneNumbersList()).containsExactly(number);
        assertThat(started.getAgent().getMachineAction()).isEqualTo(MachineAction.MACHINE_ACTION_LEAVE_MESSAGE);
        assertThat(started.getAgent().getVoicemailMessage()).isEqualTo("Please call Acme Dental back.");
        // The initial message replaces the greeting as the agent's first (and only) stored message.
        given().when().get("/api/agents/" + agentId + "/conversations/" + started.getConversationId()).then()
                .statusCode(200)
                .body("metadata.patient", equalTo("Ada"))
                .body("messages.size()", equalTo(1))
                .body("messages[0].role", equalTo("assistant"))
                .body("messages[0].outcome", equalTo("greeting"))
                .body("messages[0].text", equalTo(started.getGreeting()));

        ReplyResponse reply = conversations.reply(ReplyRequest.newBuilder().setCallSid(callSidOf(agentId))
                .setUtterance("Which day was it?").setTurnId("t1").build());
        assertThat(reply.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        String system = gemini.lastRequest().path("systemInstruction").toString();
        // The metadata reaches the LLM as call context, and the LLM knows what the agent said first.
        assertThat(system).contains("Call metadata (JSON)").contains("Tuesday 10am").contains("outbound-api")
                .contains("calling about your appointment").doesNotContain("how can I help");

        assertStatus(() -> conversations.startConversation(StartConversationRequest.newBuilder()
                .setCallSid(callSid()).setAgentId(UUID.randomUUID().toString()).build()), Status.Code.NOT_FOUND);
        assertStatus(() -> conversations.startConversation(StartConversationRequest.newBuilder()
                .setCallSid(callSid()).setAgentId(agentId).setMetadataJson("{not json").build()),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> conversations.startConversation(StartConversationRequest.newBuilder()
                .setAgentId(agentId).build()), Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void threeTurnsSendInstructionsAndBoundedHistory() throws Exception {
        String agentId = createAgent(body("Talker", randomNumber()));
        String callSid = callSid();
        String conversationId = start(agentId, callSid).getConversationId();

        ReplyResponse r1 = reply(callSid, "I need a cleaning", "turn-1");
        ReplyResponse r2 = reply(callSid, "Next Monday works", "turn-2");
        ReplyResponse r3 = reply(callSid, "My name is Grace", "turn-3");

        for (ReplyResponse r : List.of(r1, r2, r3)) {
            assertThat(r.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
            assertThat(r.getText()).startsWith("[gemini-emulator]");
            assertThat(r.getMessageId()).isNotBlank();
            assertThat(r.getLlmLatencyMs()).isGreaterThanOrEqualTo(0);
        }
        assertThat(r3.getText()).contains("My name is Grace");
        assertThat(gemini.requestCount()).isEqualTo(3);
        assertThat(gemini.receivedModels()).containsOnly("gemini-2.5-flash");

        List<String> bodies = gemini.receivedBodies();
        JsonNode second = json.readTree(bodies.get(1));
        JsonNode third = json.readTree(bodies.get(2));
        String system = third.path("systemInstruction").toString();
        assertThat(system).contains("You are the front desk of Acme Dental").contains("+14155550123");
        // Turn 2: the greeting precedes the caller's first words, so it travels in the system instruction.
        assertThat(second.path("systemInstruction").toString()).contains("Hello, Acme Dental, how can I help?");
        assertThat(texts(second)).containsExactly("user:I need a cleaning", "model:" + r1.getText(),
                "user:Next Monday works");
        // Turn 3: HISTORY_MAX_MESSAGES=4 keeps the last four earlier messages; the greeting has dropped out.
        assertThat(texts(third)).containsExactly("user:I need a cleaning", "model:" + r1.getText(),
                "user:Next Monday works", "model:" + r2.getText(), "user:My name is Grace");
        assertThat(third.toString()).doesNotContain("how can I help");
        assertThat(GeminiEmulatorResource.HISTORY_MAX_MESSAGES).isEqualTo(4);

        given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .statusCode(200)
                .body("messages.size()", equalTo(7))
                .body("messages.role", equalTo(List.of("assistant", "user", "assistant", "user", "assistant", "user",
                        "assistant")))
                .body("messages.seq", equalTo(List.of(1, 2, 3, 4, 5, 6, 7)))
                .body("messages[1].text", equalTo("I need a cleaning"))
                .body("messages[1].turnId", equalTo("turn-1"))
                .body("messages[2].outcome", equalTo("ok"))
                .body("messages[2].id", equalTo(r1.getMessageId()))
                .body("messages[6].text", equalTo(r3.getText()));
        given().when().get("/api/agents/" + agentId + "/conversations").then()
                .statusCode(200)
                .body("totalItems", equalTo(1))
                .body("items[0].id", equalTo(conversationId))
                .body("items[0].messages", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void answersFromFactsInTheInstructions() {
        Map<String, Object> body = body("Facts", randomNumber());
        body.put("instructions", "You answer questions about Acme Dental.\nFACT: We are open weekdays from 9am to 5pm.");
        String agentId = createAgent(body);
        String callSid = callSid();
        start(agentId, callSid);
        ReplyResponse reply = reply(callSid, "Are you open on weekdays?", "f1");
        assertThat(reply.getText()).contains("9am to 5pm");
    }

    @Test
    void aRetriedTurnReturnsTheStoredReplyWithoutAskingTheLlmAgain() {
        String agentId = createAgent(body("Retry", randomNumber()));
        String callSid = callSid();
        start(agentId, callSid);

        ReplyResponse first = reply(callSid, "Do you take insurance?", "turn-x");
        ReplyResponse retried = reply(callSid, "Do you take insurance?", "turn-x");

        assertThat(gemini.requestCount()).isEqualTo(1);
        assertThat(retried.getMessageId()).isEqualTo(first.getMessageId());
        assertThat(retried.getText()).isEqualTo(first.getText());
        assertThat(retried.getOutcome()).isEqualTo(first.getOutcome());
        given().when().get("/api/agents/" + agentId + "/conversations").then()
                .body("items.size()", equalTo(1));
    }

    @Test
    void aFailingLlmGivesAStoredApology() {
        String agentId = createAgent(body("Fallback", randomNumber()));
        String callSid = callSid();
        String conversationId = start(agentId, callSid).getConversationId();
        gemini.setFailing(true);

        ReplyResponse reply = reply(callSid, "Hello?", "fail-1");

        assertThat(reply.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
        assertThat(reply.getText()).isEqualTo(APOLOGY);
        // One retry for a retriable 500, then the apology.
        assertThat(gemini.requestCount()).isEqualTo(2);
        given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .body("messages[2].outcome", equalTo("fallback"))
                .body("messages[2].text", equalTo(APOLOGY));
        given().when().get("/q/metrics").then()
                .body(containsString("voiceagents_llm_fallbacks_total{provider=\"google-ai\",reason=\"error\"}"))
                .body(containsString("voiceagents_llm_latency_seconds_count{outcome=\"fallback\",provider=\"google-ai\"}"));

        gemini.setFailing(false);
        assertThat(reply(callSid, "Hello again?", "fail-2").getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
    }

    @Test
    void aSlowLlmGivesTheApologyWithinTheTimeout() throws InterruptedException {
        String agentId = createAgent(body("Slow", randomNumber()));
        String callSid = callSid();
        start(agentId, callSid);
        Duration timeout = Duration.parse("PT" + GeminiEmulatorResource.LLM_TIMEOUT.toUpperCase());
        gemini.setLatency(timeout.multipliedBy(2));

        long started = System.nanoTime();
        ReplyResponse reply = reply(callSid, "Anyone there?", "slow-1");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reply.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
        assertThat(reply.getText()).isEqualTo(APOLOGY);
        assertThat(elapsed).isGreaterThanOrEqualTo(timeout.minusMillis(100)).isLessThan(timeout.plusMillis(1500));
        assertThat(reply.getLlmLatencyMs()).isBetween(timeout.toMillis() - 100, timeout.toMillis() + 1000);
        // Past the deadline nobody is waiting: no retry goes out.
        Thread.sleep(500);
        assertThat(gemini.requestCount()).isEqualTo(1);
    }

    @Test
    void endIsIdempotentAndClosesTheConversation() {
        String agentId = createAgent(body("Ender", randomNumber()));
        String callSid = callSid();
        String conversationId = start(agentId, callSid).getConversationId();
        EndConversationRequest end = EndConversationRequest.newBuilder().setCallSid(callSid)
                .setFinalStatus("completed").build();

        assertThat(conversations.endConversation(end).getEnded()).isTrue();
        assertThat(conversations.endConversation(EndConversationRequest.newBuilder().setCallSid(callSid)
                .setFinalStatus("failed").build()).getEnded()).isTrue();

        given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .body("status", equalTo("ended"))
                .body("finalStatus", equalTo("completed"))
                .body("endedAt", org.hamcrest.Matchers.notNullValue());
        assertStatus(() -> reply(callSid, "Still there?", "late"), Status.Code.FAILED_PRECONDITION);
        assertStatus(() -> conversations.endConversation(EndConversationRequest.newBuilder().setCallSid(callSid())
                .build()), Status.Code.NOT_FOUND);
    }

    @Test
    void replyRejectsUnknownCallsAndEmptyUtterances() {
        assertStatus(() -> reply(callSid(), "Hello", "u1"), Status.Code.NOT_FOUND);
        String agentId = createAgent(body("Quiet", randomNumber()));
        String callSid = callSid();
        start(agentId, callSid);
        assertStatus(() -> reply(callSid, "  ", "u2"), Status.Code.INVALID_ARGUMENT);
        assertThat(gemini.requestCount()).isZero();
        given().when().get("/api/agents/" + UUID.randomUUID() + "/conversations").then().statusCode(404);
        given().when().get("/api/agents/" + agentId + "/conversations/" + UUID.randomUUID()).then().statusCode(404)
                .body("status", equalTo(404));
        given().when().get("/api/agents/" + agentId + "/conversations").then()
                .body("items.callSid", hasItem(callSid));
    }

    private StartConversationResponse start(String agentId, String callSid) {
        return conversations.startConversation(StartConversationRequest.newBuilder()
                .setCallSid(callSid).setAgentId(agentId).setFromNumber("+14155550123").setToNumber("+14155550100")
                .setDirection("inbound").build());
    }

    private ReplyResponse reply(String callSid, String utterance, String turnId) {
        return conversations.reply(ReplyRequest.newBuilder().setCallSid(callSid).setUtterance(utterance)
                .setTurnId(turnId).setConfidence(0.9f).build());
    }

    /** The call SID of the agent's only conversation. */
    private static String callSidOf(String agentId) {
        return given().when().get("/api/agents/" + agentId + "/conversations").then().extract().path("items[0].callSid");
    }

    private static List<String> texts(JsonNode request) {
        List<String> texts = new java.util.ArrayList<>();
        for (JsonNode content : request.path("contents")) {
            StringBuilder text = new StringBuilder();
            content.path("parts").forEach(p -> text.append(p.path("text").asText()));
            texts.add(content.path("role").asText() + ":" + text);
        }
        return texts;
    }

    private static String callSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}
