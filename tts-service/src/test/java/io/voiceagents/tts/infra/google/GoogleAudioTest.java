package io.voiceagents.tts.infra.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceagents.audio.WavFile;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesizedAudio;
import org.junit.jupiter.api.Test;

class GoogleAudioTest {

    @Test
    void keepsAMuLaw8kWavAndMeasuresItsDuration() {
        byte[] wav = WavFile.muLaw8kMono(new byte[4000]);

        SynthesizedAudio audio = GoogleAudio.toWavMuLaw8k(wav);

        assertThat(audio.audio()).isSameAs(wav);
        assertThat(audio.durationMs()).isEqualTo(500);
    }

    @Test
    void wrapsHeaderlessMuLawInAWavFile() {
        SynthesizedAudio audio = GoogleAudio.toWavMuLaw8k(new byte[800]);

        assertThat(WavFile.parse(audio.audio()).isMuLaw8kMono()).isTrue();
        assertThat(audio.durationMs()).isEqualTo(100);
    }

    @Test
    void rejectsOtherFormatsAndEmptyAudio() {
        assertThatThrownBy(() -> GoogleAudio.toWavMuLaw8k(WavFile.pcm16Mono(new short[160], 8000)))
                .isInstanceOf(SynthesisFailedException.class).hasMessageContaining("instead of mu-law 8 kHz mono");
        assertThatThrownBy(() -> GoogleAudio.toWavMuLaw8k(WavFile.muLawMono(new byte[240], 24000)))
                .isInstanceOf(SynthesisFailedException.class).hasMessageContaining("24000 Hz");
        assertThatThrownBy(() -> GoogleAudio.toWavMuLaw8k(new byte[0]))
                .isInstanceOf(SynthesisFailedException.class).hasMessageContaining("no audio");
        assertThatThrownBy(() -> GoogleAudio.toWavMuLaw8k("RIFF....WAVE".getBytes()))
                .isInstanceOf(SynthesisFailedException.class).hasMessageContaining("unreadable");
    }
}
