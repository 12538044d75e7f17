package io.voiceagents.testkit.twilio.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-built and hand-read messages: what Jackson would make of them, and when the fast read gives up. */
class StreamMessagesTest {

    private static final String SID = "MZ0123456789abcdef0123456789abcdef";

    private static String media(String payload) {
        return "{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\"" + payload + "\"}}";
    }

    @Test
    void readsTheAudioOfAPlainMediaMessageAsJacksonAndTheJdkWould() {
        Random random = new Random(7);
        for (int length = 1; length < 400; length++) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            String payload = Base64.getEncoder().encodeToString(audio);
            assertThat(StreamMessages.mediaPayload(media(payload), SID)).as("%d bytes", length).isEqualTo(audio);
        }
        byte[] frame = new byte[160];
        random.nextBytes(frame);
        String payload = Base64.getEncoder().encodeToString(frame);
        // Twilio's own field order, with the members the gateway leaves out, and whitespace
        String twilioShaped = "{ \"event\": \"media\", \"sequenceNumber\": \"3\", \"media\": { \"track\": \"outbound\","
                + " \"chunk\": \"1\", \"timestamp\": \"5\", \"payload\": \"" + payload + "\" },\n \"streamSid\": \"" + SID
                + "\" }";
        assertThat(StreamMessages.mediaPayload(twilioShaped, SID)).isEqualTo(frame);
    }

    @Test
    void givesUpOnAnythingButThePlainShapeSoThatJacksonJudgesIt() {
        String payload = Base64.getEncoder().encodeToString(new byte[160]);
        assertThat(StreamMessages.mediaPayload(media(payload), "MZother")).as("another stream").isNull();
        assertThat(StreamMessages.mediaPayload(media(payload).replace("\"media\",", "\"mark\","), SID)).isNull();
        assertThat(StreamMessages.mediaPayload(media("***"), SID)).as("not base64").isNull();
        assertThat(StreamMessages.mediaPayload(media(""), SID)).as("empty").isNull();
        assertThat(StreamMessages.mediaPayload(media(payload.replace("=", "")), SID)).as("unpadded").isNull();
        assertThat(StreamMessages.mediaPayload(media("AAAA=AAA"), SID)).as("padding inside").isNull();
        assertThat(StreamMessages.mediaPayload(media(payload) + "x", SID)).as("trailing text").isNull();
        assertThat(StreamMessages.mediaPayload(media(payload).replace("}}", "}"), SID)).as("cut short").isNull();
        assertThat(StreamMessages.mediaPayload(media(payload).replace("\"media\",\"str", "\"med\\u0069a\",\"str"), SID))
                .as("an escape").isNull();
        assertThat(StreamMessages.mediaPayload("{\"event\":\"media\",\"n\":1,\"streamSid\":\"" + SID
                + "\",\"media\":{\"payload\":\"" + payload + "\"}}", SID)).as("a number").isNull();
        assertThat(StreamMessages.mediaPayload("{\"event\":\"media\",\"streamSid\":\"" + SID + "\"}", SID))
                .as("no payload").isNull();
        assertThat(StreamMessages.mediaPayload("{not json", SID)).isNull();
        assertThat(StreamMessages.mediaPayload("", SID)).isNull();
    }

    @Test
    void aMarkEchoCarriesAnyNameAsJsonDoes() throws Exception {
        String name = "reply \"1\" \\ part\n2\u0001 – é";
        JsonNode echo = StreamMessages.JSON.readTree(StreamMessages.markEcho(12, SID, name));
        assertThat(echo.path("event").asText()).isEqualTo("mark");
        assertThat(echo.path("sequenceNumber").asText()).isEqualTo("12");
        assertThat(echo.path("streamSid").asText()).isEqualTo(SID);
        assertThat(echo.path("mark").path("name").asText()).isEqualTo(name);
    }
}
