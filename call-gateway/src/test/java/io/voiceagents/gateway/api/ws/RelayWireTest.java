package io.voiceagents.gateway.api.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.gateway.application.relay.RelayMessage;
import io.voiceagents.gateway.domain.RelayHandoff;

class RelayWireTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RelayWire wire = new RelayWire(json);

    @Test
    void setupCarriesTheCallAndItsCustomParameters() throws Exception {
        RelayMessage message = wire.parse("""
                {"type":"setup","sessionId":"VX1","accountSid":"AC1","parentCallSid":"","callSid":"CA1",
                 "from":"+15005550006","to":"+15005550010","forwardedFrom":"","callType":"PSTN","callerName":"",
                 "direction":"inbound","callStatus":"RINGING","customParameters":{"token":"abc","n":3}}""");

        assertThat(message).isEqualTo(new RelayMessage.Setup("VX1", "CA1", "+15005550006", "+15005550010", "inbound",
                Map.of("token", "abc", "n", "3")));
    }

    @Test
    void promptInterruptDtmfAndErrorAreParsed() throws Exception {
        assertThat(wire.parse("{\"type\":\"prompt\",\"voicePrompt\":\"Hello there\",\"lang\":\"en-US\",\"last\":true}"))
                .isEqualTo(new RelayMessage.Prompt("Hello there", "en-US", true));
        assertThat(wire.parse("{\"type\":\"prompt\",\"voicePrompt\":\"Hel\"}"))
                .isEqualTo(new RelayMessage.Prompt("Hel", null, false));
        assertThat(wire.parse("{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":\"We open\","
                + "\"durationUntilInterruptMs\":840}")).isEqualTo(new RelayMessage.Interrupt("We open", 840L));
        assertThat(wire.parse("{\"type\":\"interrupt\"}")).isEqualTo(new RelayMessage.Interrupt(null, null));
        assertThat(wire.parse("{\"type\":\"dtmf\",\"digit\":\"5\"}")).isEqualTo(new RelayMessage.Dtmf("5"));
        assertThat(wire.parse("{\"type\":\"error\",\"description\":\"Invalid message\"}"))
                .isEqualTo(new RelayMessage.Error("Invalid message"));
    }

    @Test
    void malformedFramesSayWhatIsWrongWithoutEchoingThem() {
        assertMalformed("hello", "not JSON");
        assertMalformed("[1,2]", "not a JSON object");
        assertMalformed("{\"voicePrompt\":\"secret words\"}", "no type");
        assertMalformed("{\"type\":\"wat\"}", "unknown type 'wat'");
        assertMalformed("{\"type\":{\"x\":1}}", "no type");
        assertMalformed("{\"type\":\"setup\",\"sessionId\":\"VX1\"}", "setup without callSid");
        assertMalformed("", "not a JSON object");
    }

    @Test
    void textAndEndAreWrittenAsTwilioExpects() throws Exception {
        assertThat(json.readTree(wire.text("Hello \"you\"", false)))
                .isEqualTo(json.readTree("{\"type\":\"text\",\"token\":\"Hello \\\"you\\\"\",\"last\":false}"));
        assertThat(json.readTree(wire.text("", true))).isEqualTo(json.readTree("{\"type\":\"text\",\"token\":\"\",\"last\":true}"));
        assertThat(json.readTree(wire.end(RelayHandoff.endCall())))
                .isEqualTo(json.readTree("{\"type\":\"end\",\"handoffData\":\"{\\\"reasonCode\\\":\\\"end-call\\\"}\"}"));
        assertThat(json.readTree(wire.end(RelayHandoff.transfer("+15005550199")))).isEqualTo(json.readTree(
                "{\"type\":\"end\",\"handoffData\":\"{\\\"reasonCode\\\":\\\"transfer\\\",\\\"transferTo\\\":\\\"+15005550199\\\"}\"}"));
    }

    @Test
    void handoffDataReadsBackWhatEndWrote() {
        assertThat(wire.parseHandoffData(wire.handoffData(RelayHandoff.transfer("+15005550199"))))
                .isEqualTo(RelayHandoff.transfer("+15005550199"));
        assertThat(wire.parseHandoffData(wire.handoffData(RelayHandoff.endCall()))).isEqualTo(RelayHandoff.endCall());
        assertThat(wire.parseHandoffData(null)).isNull();
        assertThat(wire.parseHandoffData("")).isNull();
        assertThat(wire.parseHandoffData("not json")).isNull();
        assertThat(wire.parseHandoffData("{\"other\":1}")).isNull();
    }

    private void assertMalformed(String frame, String reason) {
        assertThatThrownBy(() -> wire.parse(frame)).isInstanceOf(RelayWire.MalformedMessage.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret words"));
    }
}
