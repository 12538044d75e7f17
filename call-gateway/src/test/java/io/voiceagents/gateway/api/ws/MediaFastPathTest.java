package io.voiceagents.gateway.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;

class MediaFastPathTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] AUDIO = new byte[160];

    static {
        for (int i = 0; i < AUDIO.length; i++) {
            AUDIO[i] = (byte) (i * 7);
        }
    }

    private static final String PAYLOAD = Base64.getEncoder().encodeToString(AUDIO);

    @Test
    void readsTwiliosMediaMessage() {
        MediaFastPath.Media media = MediaFastPath.parse(JSON, "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":"
                + "\"inbound\",\"chunk\":\"1\",\"timestamp\":\"5\",\"payload\":\"" + PAYLOAD + "\"},\"streamSid\":\"MZ1\"}");

        assertThat(media).isNotNull();
        assertThat(media.streamSid()).isEqualTo("MZ1");
        assertThat(media.track()).isEqualTo("inbound");
        assertThat(media.audio()).isEqualTo(AUDIO);
    }

    @Test
    void fieldsMayComeInAnyOrderAndUnknownOnesAreSkipped() {
        MediaFastPath.Media media = MediaFastPath.parse(JSON, "{\"streamSid\":\"MZ2\",\"extra\":{\"a\":[1,{\"b\":2}]},"
                + "\"media\":{\"payload\":\"" + PAYLOAD + "\",\"more\":[true]},\"event\":\"media\"}");

        assertThat(media).isNotNull();
        assertThat(media.streamSid()).isEqualTo("MZ2");
        assertThat(media.track()).isNull();
        assertThat(media.audio()).isEqualTo(AUDIO);
    }

    @Test
    void anythingElseIsLeftToTheFullParse() {
        assertThat(MediaFastPath.parse(JSON, "{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m1\"}}")).isNull();
        assertThat(MediaFastPath.parse(JSON, "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"track\":\"inbound\"}}"))
                .isNull();
        assertThat(MediaFastPath.parse(JSON, "{\"event\":\"media\",\"media\":{\"payload\":\"%%%not base64\"}}")).isNull();
        assertThat(MediaFastPath.parse(JSON, "{\"media\":{\"payload\":\"" + PAYLOAD + "\"}}")).isNull();
        assertThat(MediaFastPath.parse(JSON, "{\"event\":\"media\",\"media\":\"" + PAYLOAD + "\"}")).isNull();
        assertThat(MediaFastPath.parse(JSON, "{\"event\":\"media\",\"media\":{\"payload\":\"" + PAYLOAD)).isNull();
        assertThat(MediaFastPath.parse(JSON, "[\"media\"]")).isNull();
        assertThat(MediaFastPath.parse(JSON, "not json")).isNull();
    }
}
