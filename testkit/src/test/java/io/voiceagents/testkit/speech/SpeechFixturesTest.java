package io.voiceagents.testkit.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpeechFixturesTest {

    @Test
    void loadsEveryFixtureWithItsTranscriptAndAudio() {
        assertThat(SpeechFixtures.all()).hasSize(9);
        SpeechFixtures.SpeechFixture hello = SpeechFixtures.get(SpeechFixtures.HELLO_BOOKING);
        assertThat(hello.transcript()).isEqualTo("Hello, I would like to book a table for two people tonight.");
        assertThat(hello.durationMillis()).isBetween(3000L, 4500L);
        assertThat(SpeechFixtures.get(SpeechFixtures.COUGH).isSpeech()).isFalse();
        assertThat(SpeechFixtures.get(SpeechFixtures.COUGH).durationMillis()).isEqualTo(140L);
        assertThat(SpeechFixtures.speech()).hasSize(7).allMatch(f -> f.muLaw().length > 8000);
    }

    @Test
    void unknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> SpeechFixtures.get("nope")).hasMessageContaining("hello_booking");
    }
}
