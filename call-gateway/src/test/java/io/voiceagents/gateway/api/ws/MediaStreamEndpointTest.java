package io.voiceagents.gateway.api.ws;

import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static io.voiceagents.gateway.support.FakeBackendsResource.TTS;
import static io.voiceagents.gateway.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.CallMode;
import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeBackendsResource;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.gateway.support.stream.FakeCallControl;
import io.voiceagents.gateway.support.stream.FakeConversationStreams;
import io.voiceagents.gateway.support.stream.FakeLiveCallFeed;
import io.voiceagents.gateway.support.stream.FakeSpeechToText;
import io.voiceagents.gateway.support.stream.FakeStreamingSpeech;
import io.voiceagents.gateway.support.stream.MediaStreamClient;
import io.voiceagents.gateway.support.stream.StreamModeProfile;
import io.voiceagents.testkit.infra.InfraTestResource;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.twilio.TwilioSignature;

/**
 * `stream` calls against the running gateway: the TwiML of stream and relay agents, the signed upgrade, the
 * call token, messages Twilio might get wrong, and whole turns over a real WebSocket.
 */
@QuarkusTest
@TestProfile(StreamModeProfile.class)
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeBackendsResource.class, restrictToAnnotatedClass = false)
class MediaStreamEndpointTest {

    private static final String STREAM_NUMBER = "+15005550030";
    private static final String RELAY_NUMBER = "+15005550031";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern TOKEN = Pattern.compile("<Parameter name=\"token\" value=\"([^\"]+)\"/>");

    @Inject
    FakeSpeechToText stt;

    @Inject
    FakeConversationStreams replies;

    @Inject
    FakeStreamingSpeech speech;

    @Inject
    FakeCallControl control;

    @Inject
    FakeLiveCallFeed live;

    @BeforeEach
    void reset() {
        AGENT.reset();
        TTS.reset();
        stt.reset();
        replies.reset();
        speech.reset();
        control.reset();
        live.reset();
        AGENT.agentsByNumber.put(STREAM_NUMBER, FakeAgentService.profile(STREAM_NUMBER, "agent-stream", CallMode.CALL_MODE_STREAM));
        AGENT.agentsByNumber.put(RELAY_NUMBER, FakeAgentService.profile(RELAY_NUMBER, "agent-relay", CallMode.CALL_MODE_RELAY));
    }

    private static String newCallSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String mediaUrl() {
        return FakeBackendsResource.baseUrl().replace("http://", "ws://") + "/twilio/media";
    }

    /** The voice webhook's TwiML for a call to {@code number}. */
    private static String answer(String callSid, String number) {
        return Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, number)).then().statusCode(200).extract().asString();
    }

    private static String tokenIn(String twiml) {
        Matcher m = TOKEN.matcher(twiml);
        assertThat(m.find()).as(twiml).isTrue();
        return m.group(1);
    }

    /** A stream call answered and its socket started; returns the client once the greeting has been played. */
    private MediaStreamClient startedCall(String callSid, String streamSid) {
        String token = tokenIn(answer(callSid, STREAM_NUMBER));
        MediaStreamClient client = MediaStreamClient.connect(mediaUrl(), Webhooks.AUTH_TOKEN);
        client.connected();
        client.start(streamSid, callSid, token);
        return client;
    }

    private void awaitGreetingPlayed(String callSid) {
        await().atMost(WAIT).until(() -> live.types(callSid).contains(LiveCallEvent.Type.AGENT_DONE));
    }

    @Test
    void aStreamAgentsCallIsConnectedToTheMediaStreamWithItsToken() {
        String callSid = newCallSid();
        String twiml = answer(callSid, STREAM_NUMBER);

        String base = FakeBackendsResource.baseUrl();
        assertThat(twiml).contains("<Connect><Stream url=\"" + mediaUrl() + "\"><Parameter name=\"token\" value=\""
                + CallToken.issue(Webhooks.AUTH_TOKEN, callSid) + "\"/></Stream></Connect>");
        assertThat(twiml).contains("</Connect><Say").endsWith("<Hangup/></Response>");
        assertThat(base).startsWith("http://");
        assertThat(TTS.requests).as("the greeting is spoken on the socket, not synthesised for <Play>").isEmpty();
        assertThat(AGENT.starts).singleElement().satisfies(s -> assertThat(s.getCallSid()).isEqualTo(callSid));
        JsonPath stored = given().get("/api/calls/" + callSid).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("transcript[0].agentText")).isEqualTo(FakeAgentService.GREETING);
        assertThat(stored.getString("transcript[0].outcome")).isEqualTo("GREETING");
    }

    @Test
    void aRelayAgentsCallIsConnectedToConversationRelay() {
        String callSid = newCallSid();
        String twiml = answer(callSid, RELAY_NUMBER);

        String base = FakeBackendsResource.baseUrl();
        assertThat(twiml).contains("<Connect action=\"" + base + "/twilio/voice/relay-ended\"><ConversationRelay url=\""
                + base.replace("http://", "ws://") + "/twilio/relay\" welcomeGreeting=\"" + FakeAgentService.GREETING
                + "\" voice=\"" + FakeAgentService.VOICE + "\" language=\"en-US\" ttsProvider=\"Google\""
                + " transcriptionProvider=\"Google\" dtmfDetection=\"true\" interruptible=\"true\">"
                + "<Parameter name=\"token\" value=\"" + CallToken.issue(Webhooks.AUTH_TOKEN, callSid) + "\"/>"
                + "</ConversationRelay></Connect>");
        JsonPath stored = given().get("/api/calls/" + callSid).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("transcript[0].agentText")).isEqualTo(FakeAgentService.GREETING);
    }

    @Test
    void anUnsignedUpgradeIsRejectedWith400() {
        assertThatThrownBy(() -> MediaStreamClient.connectSigned(mediaUrl(), null))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void aForgedUpgradeIsRejectedWith403() {
        String otherUrl = TwilioSignature.sign(Webhooks.AUTH_TOKEN, "ws://attacker.example/twilio/media", Map.of());
        String otherToken = TwilioSignature.sign("not-the-auth-token", mediaUrl(), Map.of());
        for (String signature : new String[] {otherUrl, otherToken, "bm9wZQ=="}) {
            assertThatThrownBy(() -> MediaStreamClient.connectSigned(mediaUrl(), signature))
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aStartWithAForeignOrForgedTokenIsClosedWithAReason() {
        String callSid = newCallSid();
        answer(callSid, STREAM_NUMBER);
        String otherCallsToken = CallToken.issue(Webhooks.AUTH_TOKEN, newCallSid());
        for (String token : new String[] {"forged", otherCallsToken}) {
            try (MediaStreamClient client = MediaStreamClient.connect(mediaUrl(), Webhooks.AUTH_TOKEN)) {
                client.connected();
                client.start("MZ" + UUID.randomUUID().toString().replace("-", ""), callSid, token);

                MediaStreamClient.Closed closed = client.awaitClose(WAIT);
                assertThat(closed.code()).isEqualTo(1008);
                assertThat(closed.reason()).isEqualTo("invalid call token");
                assertThat(client.received("media")).isEmpty();
            }
        }
        assertThat(live.types(callSid)).isEmpty();
    }

    @Test
    void malformedAndOutOfOrderMessagesAreSkippedAndTheCallGoesOn() {
        String callSid = newCallSid();
        String streamSid = "MZ" + UUID.randomUUID().toString().replace("-", "");
        String token = tokenIn(answer(callSid, STREAM_NUMBER));
        try (MediaStreamClient client = MediaStreamClient.connect(mediaUrl(), Webhooks.AUTH_TOKEN)) {
            client.send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\"AAAA\"}}");
            client.send("this is not json");
            client.send("{}");
            client.send("{\"event\":\"wobble\"}");
            client.send("{\"event\":\"mark\",\"mark\":{\"name\":\"t0.u1.s0\"}}");
            client.start(streamSid, callSid, token);
            client.send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\"%%% not base64\"}}");
            client.send("{\"event\":\"media\",\"streamSid\":\"MZsomeoneelse\",\"media\":{\"payload\":\"AAAA\"}}");
            client.send("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\"}");
            client.send("{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"dtmf\":{}}");
            client.send("{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"not-ours\"}}");
            client.send("{\"event\":\"start\",\"streamSid\":\"" + streamSid + "\"}");
            client.send("[1,2,3]");

            awaitGreetingPlayed(callSid);
            assertThat(client.isClosed()).isFalse();
            assertThat(client.received("media")).isNotEmpty();
            assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                    .containsPattern("gateway_stream_sessions_active [1-9]");
            assertThat(client.marks()).containsExactly("t0.u1.s0", "t0.u1.s1");

            stt.willHear("Do you have a table?");
            client.audio(SpeechFixtures.get(SpeechFixtures.OPENING_HOURS).muLaw());
            client.silence(Duration.ofSeconds(1));
            await().atMost(WAIT).until(() -> replies.replies.size() == 1);
            assertThat(replies.last().request.utterance()).isEqualTo("Do you have a table?");
        }
    }

    @Test
    void aWholeTurnOverTheSocketIsHeardAnsweredPlayedAndStoredWithItsLedger() {
        String callSid = newCallSid();
        String streamSid = "MZ" + UUID.randomUUID().toString().replace("-", "");
        SpeechFixtures.SpeechFixture caller = SpeechFixtures.get(SpeechFixtures.HELLO_BOOKING);
        try (MediaStreamClient client = startedCall(callSid, streamSid)) {
            awaitGreetingPlayed(callSid);
            int greetingFrames = client.received("media").size();
            assertThat(greetingFrames).isEqualTo("Hello, this is Ada.".length() + "How can I help?".length());
            assertThat(client.received("media").get(0).path("streamSid").asText()).isEqualTo(streamSid);
            assertThat(client.received("media").get(0).path("media").path("payload").asText()).hasSize(216);

            stt.willHear(caller.transcript());
            client.audio(caller.muLaw());
            client.silence(Duration.ofSeconds(1));

            String reply = "You said: " + caller.transcript();
            client.await(n -> "mark".equals(n.path("event").asText()) && n.path("mark").path("name").asText().startsWith("t1."),
                    WAIT);
            await().atMost(WAIT).until(() -> given().get("/api/calls/" + callSid).then().extract().jsonPath()
                    .getList("transcript").size() == 2);
            assertThat(client.received("media").size() - greetingFrames).isEqualTo(FakeStreamingSpeech.framesFor(reply));
            assertThat(client.received("clear")).isEmpty();
            assertThat(stt.recognitions).singleElement().satisfies(r -> {
                assertThat(r.finished).isTrue();
                assertThat(r.options.language()).isEqualTo("en-US");
            });
            assertThat(replies.last().request.turnId()).isEqualTo(callSid + ":1");

            JsonPath stored = given().get("/api/calls/" + callSid).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("transcript[1].callerText")).isEqualTo(caller.transcript());
            assertThat(stored.getString("transcript[1].agentText")).isEqualTo(reply);
            assertThat(stored.getBoolean("transcript[1].interrupted")).isFalse();
            assertThat(stored.getInt("transcript[1].latency.endpointingMs")).isEqualTo(700);
            assertThat(stored.getInt("transcript[1].latency.llmFirstTokenMs")).isEqualTo((int) FakeConversationStreams.FIRST_TOKEN_MS);
            assertThat(stored.getInt("transcript[1].latency.ttsFirstByteMs")).isEqualTo((int) FakeStreamingSpeech.PROVIDER_FIRST_BYTE_MS);
            assertThat(stored.getInt("transcript[1].latency.firstAudioMs")).isGreaterThanOrEqualTo(700);
            assertThat(stored.getString("transcript[1].latency.serverAddedMs")).isNotNull();

            client.dtmf('7');
            client.dtmf('#');
            await().atMost(WAIT).until(() -> replies.replies.size() == 2);
            assertThat(replies.last().request.dtmfDigits()).isEqualTo("7");

            client.stop(callSid);
            await().atMost(WAIT).until(() -> live.types(callSid).contains(LiveCallEvent.Type.ENDED));
        }
    }

    @Test
    void talkingOverTheGreetingClearsItAndBecomesTheFirstTurn() {
        String callSid = newCallSid();
        String streamSid = "MZ" + UUID.randomUUID().toString().replace("-", "");
        SpeechFixtures.SpeechFixture caller = SpeechFixtures.get(SpeechFixtures.INTERRUPT);
        try (MediaStreamClient client = startedCall(callSid, streamSid)) {
            client.await(n -> "media".equals(n.path("event").asText()), WAIT);
            stt.willHear(caller.transcript());
            client.audio(caller.muLaw());

            client.await(n -> "clear".equals(n.path("event").asText()), WAIT);
            assertThat(client.received("clear").get(0).path("streamSid").asText()).isEqualTo(streamSid);
            await().atMost(WAIT).until(() -> replies.interruptions.size() == 1);
            assertThat(replies.interruptions.get(0).turnId()).isEqualTo(callSid + ":0");

            client.silence(Duration.ofSeconds(1));
            await().atMost(WAIT).until(() -> replies.replies.size() == 1);
            assertThat(replies.last().request.utterance()).isEqualTo(caller.transcript());
        }
    }

    @Test
    void aCoughDuringTheGreetingDoesNotInterruptIt() {
        String callSid = newCallSid();
        try (MediaStreamClient client = startedCall(callSid, "MZ" + UUID.randomUUID().toString().replace("-", ""))) {
            client.await(n -> "media".equals(n.path("event").asText()), WAIT);
            client.audio(SpeechFixtures.get(SpeechFixtures.COUGH).muLaw());
            client.audio(SpeechFixtures.get(SpeechFixtures.LINE_NOISE).muLaw());

            awaitGreetingPlayed(callSid);
            assertThat(client.received("clear")).isEmpty();
            assertThat(stt.recognitions).isEmpty();
            assertThat(replies.interruptions).isEmpty();
        }
    }
}
