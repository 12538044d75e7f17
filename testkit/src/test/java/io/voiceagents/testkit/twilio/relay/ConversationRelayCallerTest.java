package io.voiceagents.testkit.twilio.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import io.voiceagents.testkit.twilio.TwilioSignature;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.media.StreamEnd;
import io.voiceagents.testkit.twilio.media.TestGateway;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ConversationRelay caller against a WebSocket server playing the gateway. */
class ConversationRelayCallerTest {

    private static final String SIGNED_URL = "wss://voice.example.com/twilio/relay";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestGateway gateway;
    private MediaStreamsCallers shared;
    private ConversationRelayCallers callers;

    @BeforeEach
    void start() {
        gateway = new TestGateway();
        shared = MediaStreamsCallers.create(TwilioRestEmulator.DEFAULT_ACCOUNT_SID, TwilioRestEmulator.DEFAULT_AUTH_TOKEN);
        callers = ConversationRelayCallers.sharing(shared);
    }

    @AfterEach
    void stop() {
        callers.close();
        shared.close();
        gateway.close();
    }

    private ConversationRelayCall.Builder call() {
        return ConversationRelayCall.to(gateway.url("/twilio/relay")).signedUrl(SIGNED_URL)
                .customParameter("token", "r-1").forwardedFrom("+14155550133");
    }

    private static String text(String token, boolean last) {
        return "{\"type\":\"text\",\"token\":\"" + token + "\",\"last\":" + last + "}";
    }

    @Test
    void setupThenAPromptAndItsReplyInTokens() {
        ConversationRelayCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);

        assertThat(conn.header(TwilioSignature.HEADER))
                .isEqualTo(TwilioSignature.sign(TwilioRestEmulator.DEFAULT_AUTH_TOKEN, SIGNED_URL, Map.of()));
        JsonNode setup = conn.awaitFirst("type", "setup", WAIT).json();
        assertThat(setup.path("sessionId").asText()).startsWith("VX");
        assertThat(setup.path("callSid").asText()).isEqualTo(caller.callSid());
        assertThat(setup.path("accountSid").asText()).isEqualTo(TwilioRestEmulator.DEFAULT_ACCOUNT_SID);
        assertThat(setup.path("direction").asText()).isEqualTo("inbound");
        assertThat(setup.path("callType").asText()).isEqualTo("PSTN");
        assertThat(setup.path("callStatus").asText()).isEqualTo("RINGING");
        assertThat(setup.path("forwardedFrom").asText()).isEqualTo("+14155550133");
        assertThat(setup.path("parentCallSid").asText()).isEmpty();
        assertThat(setup.path("customParameters").path("token").asText()).isEqualTo("r-1");

        caller.prompt("What time do you open on Sunday?");
        JsonNode prompt = conn.awaitFirst("type", "prompt", WAIT).json();
        assertThat(prompt.path("voicePrompt").asText()).isEqualTo("What time do you open on Sunday?");
        assertThat(prompt.path("lang").asText()).isEqualTo("en-US");
        assertThat(prompt.path("last").asBoolean()).isTrue();
        conn.send(text("We open ", false));
        conn.send(text("at ten.", true));

        AgentReply reply = caller.awaitReply(WAIT);
        assertThat(reply.text()).isEqualTo("We open at ten.");
        assertThat(reply.tokens()).isEqualTo(2);
        assertThat(reply.promptIndex()).isZero();
        assertThat(reply.timeToFirstTokenMs()).isBetween(0L, 2_000L);
        assertThat(reply.complete()).isTrue();
        assertThat(caller.report().protocolErrors()).isEmpty();
    }

    @Test
    void anInterruptReportsWhatTwilioHadSpokenAndCountsTokensSentAfterIt() {
        ConversationRelayCaller caller = callers.connect(call().ttsCharsPerSecond(20).build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        caller.prompt("Tell me about your menu").interruptAfter(Duration.ofMillis(1_000));
        conn.awaitFirst("type", "prompt", WAIT);

        conn.send(text("Our menu has many dishes from all over the world, ", false));
        JsonNode interrupt = conn.awaitFirst("type", "interrupt", WAIT).json();
        conn.send(text("and desserts.", true));

        // about 20 characters in one second, cut to whole words
        String heard = interrupt.path("utteranceUntilInterrupt").asText();
        assertThat("Our menu has many dishes from all over the world,").startsWith(heard);
        assertThat(heard).isIn("Our menu has many", "Our menu has many dishes", "Our menu has");
        assertThat(Long.parseLong(interrupt.path("durationUntilInterruptMs").asText())).isBetween(1_000L, 1_500L);
        RelayReport report = caller.await(r -> r.replies().get(0).tokensAfterInterrupt() == 1, WAIT);
        AgentReply reply = report.replies().get(0);
        assertThat(reply.interrupted()).isTrue();
        assertThat(reply.spokenBeforeInterrupt()).isEqualTo(heard);
        assertThat(report.interrupts()).hasSize(1);
    }

    @Test
    void aReplyThatCannotBeInterruptedIsNot() {
        ConversationRelayCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        caller.prompt("Hi").interruptAfter(Duration.ofMillis(200)).dtmf("9");
        conn.awaitFirst("type", "prompt", WAIT);

        conn.send("{\"type\":\"text\",\"token\":\"Please hold while I read the terms.\",\"last\":false,\"interruptible\":false}");

        conn.awaitFirst("type", "dtmf", WAIT);
        assertThat(conn.where("type", "interrupt")).isEmpty();
        assertThat(caller.report().replies().get(0).interruptible()).isFalse();
    }

    @Test
    void dtmfAgentCommandsAndEndWithHandoffData() {
        ConversationRelayCaller caller = callers.connect(call().build());
        TestGateway.Connection conn = gateway.awaitConnection(WAIT);
        caller.dtmf("4#");

        assertThat(conn.await(j -> "dtmf".equals(j.path("type").asText()), 2, WAIT))
                .extracting(r -> r.json().path("digit").asText()).containsExactly("4", "#");
        conn.send("{\"type\":\"play\",\"source\":\"https://example.com/hold.mp3\"}");
        conn.send("{\"type\":\"sendDigits\",\"digits\":\"12w3\"}");
        conn.send("{\"type\":\"language\",\"ttsLanguage\":\"es-ES\",\"transcriptionLanguage\":\"es-ES\"}");
        conn.send("{\"type\":\"shout\"}");
        JsonNode error = conn.awaitFirst("type", "error", WAIT).json();
        assertThat(error.path("description").asText()).startsWith("Invalid message received");
        conn.send("{\"type\":\"end\",\"handoffData\":\"{\\\"reason\\\":\\\"transfer\\\"}\"}");

        RelayReport report = caller.awaitEnd(WAIT);
        assertThat(report.end()).isEqualTo(StreamEnd.ENDED_BY_AGENT);
        assertThat(report.handoffData()).isEqualTo("{\"reason\":\"transfer\"}");
        assertThat(report.digitsToSend()).containsExactly("12w3");
        assertThat(report.languages()).hasSize(1);
        assertThat(report.replies().get(0).plays()).containsExactly("https://example.com/hold.mp3");
        assertThat(report.protocolErrors()).singleElement().asString().contains("unknown type 'shout'");
        assertThat(report.dtmfSent()).isEqualTo("4#");
        assertThat(conn.closed().orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo((short) 1000);
    }
}
