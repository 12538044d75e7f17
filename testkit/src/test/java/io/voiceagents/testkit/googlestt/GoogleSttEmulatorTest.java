package io.voiceagents.testkit.googlestt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.BidiStream;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechClient;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.testkit.speech.SpeechFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the emulator with Google's official SpeechClient over plaintext, as the gateway's adapter will. */
class GoogleSttEmulatorTest {

    private static GoogleSttEmulator emulator;
    private static SpeechClient client;

    @BeforeAll
    static void start() {
        emulator = GoogleSttEmulator.start(0);
        client = GoogleSttPlaintextClient.create(emulator.endpoint());
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

    /** Responses, each with the nanoTime it was read, and when the client half-closed. */
    private record Run(List<StreamingRecognizeResponse> responses, List<Long> at, long halfClosedAt) {
        List<StreamingRecognitionResult> results() {
            return responses.stream().flatMap(r -> r.getResultsList().stream()).toList();
        }

        List<StreamingRecognitionResult> finals() {
            return results().stream().filter(StreamingRecognitionResult::getIsFinal).toList();
        }

        List<String> interimTexts() {
            return results().stream().filter(r -> !r.getIsFinal()).map(r -> r.getAlternatives(0).getTranscript()).toList();
        }
    }

    private static StreamingRecognizeRequest config(RecognitionConfig.AudioEncoding encoding, int rate, boolean interim) {
        return StreamingRecognizeRequest.newBuilder().setStreamingConfig(StreamingRecognitionConfig.newBuilder()
                .setConfig(RecognitionConfig.newBuilder().setEncoding(encoding).setSampleRateHertz(rate)
                        .setLanguageCode("en-US"))
                .setInterimResults(interim)).build();
    }

    private static StreamingRecognizeRequest audio(byte[] data, int from, int to) {
        return StreamingRecognizeRequest.newBuilder().setAudioContent(ByteString.copyFrom(data, from, to - from)).build();
    }

    /** Sends the config, then {@code audio} in {@code chunk}-byte requests, half-closes and reads everything. */
    private static Run recognize(StreamingRecognizeRequest config, byte[] audio, int chunk) {
        BidiStream<StreamingRecognizeRequest, StreamingRecognizeResponse> stream = client.streamingRecognizeCallable().call();
        stream.send(config);
        for (int i = 0; i < audio.length; i += chunk) {
            stream.send(audio(audio, i, Math.min(audio.length, i + chunk)));
        }
        long halfClosed = System.nanoTime();
        stream.closeSend();
        List<StreamingRecognizeResponse> responses = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        for (StreamingRecognizeResponse r : stream) {
            responses.add(r);
            at.add(System.nanoTime());
        }
        return new Run(responses, at, halfClosed);
    }

    private static Run recognize(byte[] audio) {
        return recognize(config(RecognitionConfig.AudioEncoding.MULAW, 8000, true), audio, MuLaw.FRAME_BYTES);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] silence(int millis) {
        byte[] s = new byte[millis * 8];
        Arrays.fill(s, MuLaw.SILENCE);
        return s;
    }

    @Test
    void interimResultsGrowThenTheFinalCarriesTheWholeTranscript() {
        SpeechFixtures.SpeechFixture hello = SpeechFixtures.get(SpeechFixtures.HELLO_BOOKING);

        Run run = recognize(concat(silence(300), hello.muLaw(), silence(300)));

        List<String> interims = run.interimTexts();
        assertThat(interims).hasSizeGreaterThan(2);
        for (int i = 0; i < interims.size(); i++) {
            assertThat(hello.transcript()).startsWith(interims.get(i));
            if (i > 0) {
                assertThat(interims.get(i).length()).isGreaterThan(interims.get(i - 1).length());
            }
        }
        assertThat(run.results().stream().filter(r -> !r.getIsFinal()).map(StreamingRecognitionResult::getStability))
                .allMatch(s -> s > 0 && s <= 0.9f);
        assertThat(run.finals()).hasSize(1);
        StreamingRecognitionResult fin = run.finals().get(0);
        assertThat(fin.getAlternatives(0).getTranscript()).isEqualTo(hello.transcript());
        assertThat(fin.getAlternatives(0).getConfidence()).isEqualTo(0.9f);
        assertThat(fin.getLanguageCode()).isEqualTo("en-us");
        long audioMs = (hello.muLaw().length + 600 * 8) / 8;
        assertThat(fin.getResultEndTime().getSeconds() * 1000 + fin.getResultEndTime().getNanos() / 1_000_000)
                .isEqualTo(audioMs);
        assertThat(emulator.finalTranscripts()).containsExactly(hello.transcript());
        assertThat(emulator.streamsOpened()).isEqualTo(1);
        assertThat(emulator.audioBytesReceived()).isEqualTo(hello.muLaw().length + 600 * 8);
    }

    @Test
    void lineNoiseACoughAndSilenceAreNotSpeech() {
        Run run = recognize(concat(SpeechFixtures.get(SpeechFixtures.LINE_NOISE).muLaw(),
                SpeechFixtures.get(SpeechFixtures.COUGH).muLaw(), silence(500)));

        assertThat(run.responses()).isEmpty();
        assertThat(emulator.finalResultsSent()).isZero();
    }

    @Test
    void theFinalComesTheConfiguredLatencyAfterTheHalfClose() {
        emulator.setFinalLatency(Duration.ofMillis(400));

        Run run = recognize(SpeechFixtures.get(SpeechFixtures.YES_THANKS).muLaw());

        long finalAt = run.at().getLast();
        assertThat(run.responses().getLast().getResults(0).getIsFinal()).isTrue();
        assertThat((finalAt - run.halfClosedAt()) / 1_000_000).isBetween(380L, 2_000L);
    }

    @Test
    void speechCutShortGivesTheWordsHeardSoFar() {
        SpeechFixtures.SpeechFixture question = SpeechFixtures.get(SpeechFixtures.LONG_QUESTION);
        byte[] firstPart = Arrays.copyOf(question.muLaw(), question.muLaw().length * 35 / 100);

        String heard = recognize(firstPart).finals().get(0).getAlternatives(0).getTranscript();

        assertThat(heard).isNotEmpty();
        assertThat(question.transcript()).startsWith(heard);
        assertThat(heard.length()).isLessThan(question.transcript().length() / 2);
    }

    @Test
    void audioIsRecognisedWhateverItsAlignmentAndChunking() {
        SpeechFixtures.SpeechFixture hours = SpeechFixtures.get(SpeechFixtures.OPENING_HOURS);
        SpeechFixtures.SpeechFixture bye = SpeechFixtures.get(SpeechFixtures.GOODBYE);

        // 37 bytes of offset and 256-byte chunks, as an application batching by VAD window might send it
        Run run = recognize(config(RecognitionConfig.AudioEncoding.MULAW, 8000, true),
                concat(Arrays.copyOf(silence(5), 37), hours.muLaw(),
                        silence(200), bye.muLaw()), 256);

        assertThat(run.finals().get(0).getAlternatives(0).getTranscript())
                .isEqualTo(hours.transcript() + " " + bye.transcript());
    }

    @Test
    void linear16AudioAt8kIsRecognisedToo() {
        SpeechFixtures.SpeechFixture transfer = SpeechFixtures.get(SpeechFixtures.TRANSFER_REQUEST);
        short[] pcm = MuLaw.decode(transfer.muLaw());
        byte[] le = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            le[2 * i] = (byte) pcm[i];
            le[2 * i + 1] = (byte) (pcm[i] >> 8);
        }

        Run run = recognize(config(RecognitionConfig.AudioEncoding.LINEAR16, 8000, false), le, 320);

        assertThat(run.interimTexts()).isEmpty();
        assertThat(run.finals().get(0).getAlternatives(0).getTranscript()).isEqualTo(transfer.transcript());
    }

    @Test
    void registeredAudioIsRecognised() {
        byte[] custom = new byte[8_000];
        for (int i = 0; i < custom.length; i++) {
            custom[i] = MuLaw.encode((short) (8000 * Math.sin(i * 0.05 + i * i * 1e-5)));
        }
        emulator.register(custom, "a registered phrase");

        assertThat(recognize(custom).finals().get(0).getAlternatives(0).getTranscript()).isEqualTo("a registered phrase");
    }

    @Test
    void audioBeforeTheConfigIsRefusedAsGoogleDoes() {
        assertThatThrownBy(() -> recognize(audio(new byte[160], 0, 160), new byte[160], 160))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT))
                .hasMessageContaining("Malordered Data Received");
    }

    @Test
    void configsTheEmulatorCannotHonourAreInvalidArguments() {
        for (StreamingRecognizeRequest bad : List.of(config(RecognitionConfig.AudioEncoding.MULAW, 16000, true),
                config(RecognitionConfig.AudioEncoding.FLAC, 8000, true),
                StreamingRecognizeRequest.newBuilder().setStreamingConfig(StreamingRecognitionConfig.newBuilder()
                        .setConfig(RecognitionConfig.newBuilder().setEncoding(RecognitionConfig.AudioEncoding.MULAW)
                                .setSampleRateHertz(8000))).build())) {
            assertThatThrownBy(() -> recognize(bad, new byte[160], 160))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).getStatusCode().getCode())
                            .isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void injectedFailuresHitTheNextStreamOnly() {
        byte[] speech = SpeechFixtures.get(SpeechFixtures.GOODBYE).muLaw();
        emulator.failNextStream(Status.UNAVAILABLE);

        assertThatThrownBy(() -> recognize(speech))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAVAILABLE));
        assertThat(recognize(speech).finals()).hasSize(1);

        emulator.failStreamAfterFrames(10, Status.INTERNAL);
        assertThatThrownBy(() -> recognize(speech))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getStatusCode().getCode()).isEqualTo(StatusCode.Code.INTERNAL))
                .hasMessageContaining("after 200 ms of audio");
        assertThat(emulator.failuresInjected()).isEqualTo(2);
        assertThat(emulator.streamsOpened()).isEqualTo(3);
    }

    @Test
    void aStreamWithoutAudioTimesOutAsGooglesDoes() {
        emulator.setAudioTimeout(Duration.ofMillis(300));
        BidiStream<StreamingRecognizeRequest, StreamingRecognizeResponse> stream = client.streamingRecognizeCallable().call();
        stream.send(config(RecognitionConfig.AudioEncoding.MULAW, 8000, true));
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> stream.iterator().hasNext())
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getStatusCode().getCode()).isEqualTo(StatusCode.Code.OUT_OF_RANGE))
                .hasMessageContaining("Audio Timeout");
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 3_000L);
        assertThat(emulator.activeStreams()).isZero();
    }
}
