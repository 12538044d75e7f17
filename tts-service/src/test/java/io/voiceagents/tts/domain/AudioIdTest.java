package io.voiceagents.tts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class AudioIdTest {

    private static PhraseKey key(String text, String voice, String language) {
        return PhraseKey.of(text, voice, language, AudioFormat.WAV_MULAW_8K, 1000);
    }

    @Test
    void isThirtyTwoLowerCaseHexDigitsOfSha256() throws Exception {
        AudioId id = AudioId.of(key("Hello there", "en-US-Neural2-F", "en-US"));

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                "voiceagents-tts-v1\0Hello there\0en-US-Neural2-F\0en-US\0WAV_MULAW_8K".getBytes(StandardCharsets.UTF_8));
        assertThat(id.value()).isEqualTo(HexFormat.of().formatHex(digest).substring(0, 32));
    }

    @Test
    void isStableAcrossReleases() {
        // published URLs embed this value: a change here breaks every cached <Play> URL
        assertThat(AudioId.of(key("Hello there", "en-US-Neural2-F", "en-US")).value())
                .isEqualTo("87ebc7f98161cc28e9bbefc6455a748e");
    }

    @Test
    void theSameInputAlwaysGivesTheSameId() {
        assertThat(AudioId.of(key("Hello there", "en-US-Neural2-F", "en-US")))
                .isEqualTo(AudioId.of(key("Hello there", "en-US-Neural2-F", "en-US")));
    }

    @Test
    void equivalentSpellingsOfAPhraseShareAnId() {
        AudioId canonical = AudioId.of(key("Caf\u00e9 opens at 9", "en-US-Neural2-F", "en-US"));

        assertThat(AudioId.of(key("  Cafe\u0301   opens\nat 9 ", " en-US-Neural2-F ", "en-us"))).isEqualTo(canonical);
    }

    @Test
    void everyFieldTakesPartInTheAddress() {
        AudioId base = AudioId.of(key("Hello there", "en-US-Neural2-F", "en-US"));

        assertThat(AudioId.of(key("Hello there!", "en-US-Neural2-F", "en-US"))).isNotEqualTo(base);
        assertThat(AudioId.of(key("hello there", "en-US-Neural2-F", "en-US"))).isNotEqualTo(base);
        assertThat(AudioId.of(key("Hello there", "en-US-Neural2-D", "en-US"))).isNotEqualTo(base);
        assertThat(AudioId.of(key("Hello there", "en-US-Neural2-F", "en-GB"))).isNotEqualTo(base);
    }

    @Test
    void fieldBoundariesAreUnambiguous() {
        assertThat(AudioId.of(new PhraseKey("ab", "c", "en", AudioFormat.WAV_MULAW_8K)))
                .isNotEqualTo(AudioId.of(new PhraseKey("a", "bc", "en", AudioFormat.WAV_MULAW_8K)));
    }

    @Test
    void pathIsUnderTtsAudio() {
        AudioId id = AudioId.of(key("Hello there", "en-US-Neural2-F", "en-US"));

        assertThat(id.path(AudioFormat.WAV_MULAW_8K)).isEqualTo("/tts/audio/" + id.value() + ".wav");
    }

    @Test
    void parseAcceptsOnlyWellFormedIds() {
        assertThat(AudioId.parse("0123456789abcdef0123456789abcdef")).isPresent();
        assertThat(AudioId.parse("0123456789ABCDEF0123456789ABCDEF")).isEmpty();
        assertThat(AudioId.parse("0123456789abcdef")).isEmpty();
        assertThat(AudioId.parse("../../etc/passwd")).isEmpty();
        assertThat(AudioId.parse(null)).isEmpty();
        assertThatThrownBy(() -> new AudioId("xyz")).isInstanceOf(IllegalArgumentException.class);
    }
}
