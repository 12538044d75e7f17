package io.voiceagents.testkit.googletts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SynthesisInput;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the emulator with Google's official TextToSpeechClient over plaintext, as tts-service does. */
class GoogleTtsEmulatorTest {

    private static GoogleTtsEmulator emulator;
    private static TextToSpeechClient client;

    @BeforeAll
    static void start() {
        emulator = GoogleTtsEmulator.start(0);
        client = GoogleTtsPlaintextClient.create(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static SynthesizeSpeechRequest request(String text, AudioEncoding encoding, int sampleRate) {
        return SynthesizeSpeechRequest.newBuilder()
                .setInput(SynthesisInput.newBuilder().setText(text))
                .setVoice(VoiceSelectionParams.newBuilder().setLanguageCode("en-US").setName("en-US-Neural2-F"))
                .setAudioConfig(AudioConfig.newBuilder().setAudioEncoding(encoding).setSampleRateHertz(sampleRate))
                .build();
    }

    private static byte[] synthesize(String text, AudioEncoding encoding, int sampleRate) {
        return client.synthesizeSpeech(request(text, encoding, sampleRate)).getAudioContent().toByteArray();
    }

    @Test
    void muLawIsARealWavAt8kMonoWithSignalGrowingWithText() {
        byte[] shortWav = synthesize("Hello", AudioEncoding.MULAW, 8000);
        byte[] longWav = synthesize("Hello, thank you for calling Acme Dental. How can I help?", AudioEncoding.MULAW, 0);
        WavFormat f = WavFile.parse(longWav);
        assertThat(f.isMuLaw8kMono()).isTrue();
        assertThat(WavFile.parse(shortWav).durationMillis()).isEqualTo(300);
        assertThat(f.durationMillis()).isGreaterThan(3000);
        byte[] samples = WavFile.data(longWav, f);
        long loud = 0;
        for (byte b : samples) {
            if (Math.abs(MuLaw.decode(b)) > 1000) {
                loud++;
            }
        }
        assertThat(loud).as("non-silent samples").isGreaterThan(samples.length / 4);
        assertThat(emulator.requestCount()).isEqualTo(2);
        assertThat(emulator.receivedRequests().get(0).getVoice().getName()).isEqualTo("en-US-Neural2-F");
    }

    @Test
    void lengthIsCappedAndHonoursSampleRateAndLinear16() {
        byte[] capped = synthesize("x".repeat(1000), AudioEncoding.MULAW, 8000);
        assertThat(WavFile.parse(capped).durationMillis()).isEqualTo(20_000);
        WavFormat pcm = WavFile.parse(synthesize("Hi there", AudioEncoding.LINEAR16, 16000));
        assertThat(pcm.formatCode()).isEqualTo(WavFile.FORMAT_PCM);
        assertThat(pcm.sampleRate()).isEqualTo(16000);
        assertThat(pcm.bitsPerSample()).isEqualTo(16);
        assertThat(pcm.channels()).isEqualTo(1);
    }

    @Test
    void rejectsEmptyTextAndUnsupportedEncodings() {
        assertThatThrownBy(() -> synthesize("  ", AudioEncoding.MULAW, 8000))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> synthesize("hello", AudioEncoding.MP3, 0))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
    }

    @Test
    void injectedFailuresAreUnavailable() throws Exception {
        // the default client retries UNAVAILABLE: one injected failure is absorbed by a retry
        emulator.failNext(1);
        assertThat(synthesize("hello", AudioEncoding.MULAW, 8000)).isNotEmpty();
        assertThat(emulator.requestCount()).isEqualTo(2);

        emulator.setFailing(true);
        try (TextToSpeechClient noRetry = TextToSpeechClient.create(
                GoogleTtsPlaintextClient.settings(emulator.endpoint(), Duration.ofSeconds(2), false))) {
            assertThatThrownBy(() -> noRetry.synthesizeSpeech(request("hello", AudioEncoding.MULAW, 8000)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAVAILABLE));
        }
        assertThat(emulator.requestCount()).isEqualTo(3);
    }

    @Test
    void latencyIsHonouredAndBoundedClientsTimeOut() throws Exception {
        emulator.setLatency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(synthesize("hello", AudioEncoding.MULAW, 8000)).isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        try (TextToSpeechClient budgeted = TextToSpeechClient.create(
                GoogleTtsPlaintextClient.settings(emulator.endpoint(), Duration.ofMillis(150), false))) {
            assertThatThrownBy(() -> budgeted.synthesizeSpeech(request("hello", AudioEncoding.MULAW, 8000)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.DEADLINE_EXCEEDED));
        }
    }

    @Test
    void listsVoicesFilteredByLanguage() {
        assertThat(client.listVoices("en-US").getVoicesList()).extracting(v -> v.getName())
                .containsExactly("en-US-Neural2-F", "en-US-Neural2-D", "en-US-Chirp3-HD-Kore", "en-US-Chirp3-HD-Charon");
        assertThat(client.listVoices("").getVoicesCount()).isEqualTo(7);
    }
}
