package io.voiceagents.testkit.googletts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.BidiStream;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.StreamingAudioConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesisInput;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeRequest;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeResponse;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import io.grpc.Status;
import io.voiceagents.audio.MuLaw;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StreamingSynthesize of the emulator, driven by Google's official client (bidi streaming callable). */
class GoogleTtsStreamingEmulatorTest {

    private static final String CHIRP = "en-US-Chirp3-HD-Kore";

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

    private static StreamingSynthesizeRequest config(String voice, AudioEncoding encoding, int sampleRate) {
        return StreamingSynthesizeRequest.newBuilder()
                .setStreamingConfig(StreamingSynthesizeConfig.newBuilder()
                        .setVoice(VoiceSelectionParams.newBuilder().setLanguageCode("en-US").setName(voice))
                        .setStreamingAudioConfig(StreamingAudioConfig.newBuilder()
                                .setAudioEncoding(encoding).setSampleRateHertz(sampleRate)))
                .build();
    }

    private static StreamingSynthesizeRequest text(String text) {
        return StreamingSynthesizeRequest.newBuilder()
                .setInput(StreamingSynthesisInput.newBuilder().setText(text)).build();
    }

    private static BidiStream<StreamingSynthesizeRequest, StreamingSynthesizeResponse> open(
            StreamingSynthesizeRequest... requests) {
        BidiStream<StreamingSynthesizeRequest, StreamingSynthesizeResponse> stream =
                client.streamingSynthesizeCallable().call();
        for (StreamingSynthesizeRequest r : requests) {
            stream.send(r);
        }
        stream.closeSend();
        return stream;
    }

    /** Audio chunks with the time each arrived, in ms since {@code t0}. */
    private record Received(List<byte[]> chunks, List<Long> arrivalMs) {
        byte[] audio() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.forEach(all::writeBytes);
            return all.toByteArray();
        }
    }

    private static Received readAll(BidiStream<StreamingSynthesizeRequest, StreamingSynthesizeResponse> stream, long t0) {
        List<byte[]> chunks = new ArrayList<>();
        List<Long> arrival = new ArrayList<>();
        for (StreamingSynthesizeResponse response : stream) {
            chunks.add(response.getAudioContent().toByteArray());
            arrival.add((System.nanoTime() - t0) / 1_000_000);
        }
        return new Received(chunks, arrival);
    }

    @Test
    void aChirp3HdVoiceStreamsHeaderlessMuLawInSeveralChunks() {
        String sentence = "Hello there, how are you doing today?";
        Received received = readAll(open(config(CHIRP, AudioEncoding.MULAW, 8000), text(sentence)), System.nanoTime());

        byte[] audio = received.audio();
        // 60 ms per character at 8 kHz, one byte per sample, no RIFF header
        assertThat(audio.length).isEqualTo(sentence.length() * 480);
        assertThat(new String(audio, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo("RIFF");
        assertThat(audio).isEqualTo(MuLaw.encode(ToneSynthesizer.synthesize(sentence, 8000, 0)));
        // 250 ms chunks: 2000 bytes each, the remainder last
        assertThat(received.chunks()).hasSize((audio.length + 1999) / 2000);
        assertThat(received.chunks().getFirst()).hasSize(2000);
        assertThat(emulator.streamingRequestCount()).isEqualTo(1);
        assertThat(emulator.streamingCompletedCount()).isEqualTo(1);
        assertThat(emulator.streamingChunkCount()).isEqualTo(received.chunks().size());
        assertThat(emulator.receivedStreamingConfigs().getFirst().getVoice().getName()).isEqualTo(CHIRP);
        assertThat(emulator.requestCount()).as("no unary call").isZero();
    }

    @Test
    void pcmDefaultsToTheVoicesNative24kHzAndTextsAreSpokenInOrder() {
        Received received = readAll(open(config(CHIRP, AudioEncoding.PCM, 0), text("Hi."), text("Bye.")), System.nanoTime());

        // 7 characters, 60 ms each, 24 kHz, 2 bytes per sample
        assertThat(received.audio()).hasSize(7 * 60 * 24 * 2);
    }

    @Test
    void firstByteLatencyAndPaceAreHonoured() {
        emulator.setStreamingFirstByteLatency(Duration.ofMillis(300));
        emulator.setStreamingChunk(Duration.ofMillis(100));
        emulator.setStreamingPace(1.0);
        long t0 = System.nanoTime();
        // 10 characters: 600 ms of audio in six 100 ms chunks, produced in real time after the first
        Received received = readAll(open(config(CHIRP, AudioEncoding.MULAW, 8000), text("Good night")), t0);

        assertThat(received.chunks()).hasSize(6);
        assertThat(received.arrivalMs().getFirst()).isGreaterThanOrEqualTo(300);
        long spread = received.arrivalMs().getLast() - received.arrivalMs().getFirst();
        assertThat(spread).as("five more chunks, 100 ms apart").isGreaterThanOrEqualTo(450);
    }

    @Test
    void voicesOtherThanChirp3HdCannotStream() {
        assertInvalidArgument(open(config("en-US-Neural2-F", AudioEncoding.MULAW, 8000), text("Hello")));
        assertThat(GoogleTtsEmulator.supportsStreaming("en-GB-Chirp3-HD-Aoede")).isTrue();
        assertThat(GoogleTtsEmulator.supportsStreaming("en-US-Chirp-HD-F")).isFalse();
        assertThat(emulator.streamingFailedCount()).isEqualTo(1);
    }

    @Test
    void protocolViolationsAndUnsupportedEncodingsAreInvalidArgument() {
        assertInvalidArgument(open(text("no config first")));
        assertInvalidArgument(open(config(CHIRP, AudioEncoding.LINEAR16, 8000), text("Hello")));
        assertInvalidArgument(open(config(CHIRP, AudioEncoding.MULAW, 8000), text("   ")));
        assertInvalidArgument(open(config(CHIRP, AudioEncoding.MULAW, 8000), config(CHIRP, AudioEncoding.MULAW, 8000)));
    }

    @Test
    void aStreamCanBeFailedAtItsStart() {
        emulator.failNextStreams(1);
        var failing = open(config(CHIRP, AudioEncoding.MULAW, 8000), text("Hello"));
        List<byte[]> before = new ArrayList<>();
        assertThatThrownBy(() -> failing.forEach(r -> before.add(r.getAudioContent().toByteArray())))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAVAILABLE));
        assertThat(before).isEmpty();

        // only the next one
        assertThat(readAll(open(config(CHIRP, AudioEncoding.MULAW, 8000), text("Hello")), System.nanoTime())
                .audio()).isNotEmpty();
        assertThat(emulator.streamingRequestCount()).isEqualTo(2);

        emulator.failNextStreams(1, Status.Code.RESOURCE_EXHAUSTED);
        assertThatThrownBy(() -> open(config(CHIRP, AudioEncoding.MULAW, 8000), text("Hello")).forEach(r -> { }))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void aStreamCanFailAfterSomeChunks() {
        emulator.failNextStreamAfterChunks(2);
        var stream = open(config(CHIRP, AudioEncoding.MULAW, 8000), text("A sentence long enough for many chunks."));
        List<byte[]> before = new ArrayList<>();

        assertThatThrownBy(() -> stream.forEach(r -> before.add(r.getAudioContent().toByteArray())))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAVAILABLE));
        assertThat(before).hasSize(2);
        assertThat(emulator.streamingFailedCount()).isEqualTo(1);
    }

    @Test
    void theEmulatorSeesTheClientCancel() throws InterruptedException {
        emulator.setStreamingChunk(Duration.ofMillis(100));
        emulator.setStreamingPace(1.0);
        var stream = open(config(CHIRP, AudioEncoding.MULAW, 8000), text("A long sentence that takes seconds to produce in real time."));
        var responses = stream.iterator();
        assertThat(responses.next().getAudioContent().size()).isEqualTo(800);

        stream.cancel();

        assertThat(emulator.awaitStreamingCancelled(1, Duration.ofSeconds(5))).isTrue();
        int sent = emulator.streamingChunkCount();
        assertThat(sent).as("the stream stopped long before its 35 chunks").isLessThan(10);
        assertThat(emulator.streamingCompletedCount()).isZero();
    }

    private static void assertInvalidArgument(BidiStream<StreamingSynthesizeRequest, StreamingSynthesizeResponse> stream) {
        assertThatThrownBy(() -> stream.forEach(r -> { }))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getStatusCode().getCode()).as(e.getMessage()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
    }
}
