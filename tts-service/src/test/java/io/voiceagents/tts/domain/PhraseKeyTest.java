package io.voiceagents.tts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhraseKeyTest {

    private static PhraseKey of(String text, String voice, String language, int max) {
        return PhraseKey.of(text, voice, language, AudioFormat.WAV_MULAW_8K, max);
    }

    @Test
    void normalizesTextVoiceAndLanguage() {
        PhraseKey key = of(" Hello,\t\n  world ", " en-US-Neural2-F ", "EN-us", 100);

        assertThat(key.text()).isEqualTo("Hello, world");
        assertThat(key.voice()).isEqualTo("en-US-Neural2-F");
        assertThat(key.language()).isEqualTo("en-US");
    }

    @Test
    void keepsCaseAndPunctuationOfTheText() {
        assertThat(of("Sure. WHAT?", "v", "en", 100).text()).isEqualTo("Sure. WHAT?");
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> of(null, "v", "en", 100))
                .isInstanceOfSatisfying(InvalidPhraseException.class, e -> assertThat(e.field()).isEqualTo("text"));
        assertThatThrownBy(() -> of(" \n ", "v", "en", 100)).hasMessageContaining("must not be empty");
    }

    @Test
    void limitsTextLengthInCharactersNotBytes() {
        assertThat(of("\u00e9".repeat(10), "v", "fr", 10).text()).hasSize(10);
        assertThatThrownBy(() -> of("a".repeat(11), "v", "en", 10)).hasMessageContaining("at most 10 characters, got 11");
    }

    @Test
    void rejectsMalformedLanguageAndVoice() {
        assertThatThrownBy(() -> of("Hi", "v", "english please", 100))
                .isInstanceOfSatisfying(InvalidPhraseException.class, e -> assertThat(e.field()).isEqualTo("language"));
        assertThatThrownBy(() -> of("Hi", "v", "", 100)).isInstanceOf(InvalidPhraseException.class);
        assertThatThrownBy(() -> of("Hi", "voice with spaces", "en", 100))
                .isInstanceOfSatisfying(InvalidPhraseException.class, e -> assertThat(e.field()).isEqualTo("voice"));
        assertThatThrownBy(() -> of("Hi", "", "en", 100)).isInstanceOf(InvalidPhraseException.class);
    }
}
