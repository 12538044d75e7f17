package io.voiceagents.gateway.infra.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;

import io.grpc.Status;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.SpeechToTextException;
import io.voiceagents.gateway.config.GatewayConfig;

/** The Google streaming STT adapter, through the real client, against a fake Speech service over plaintext gRPC. */
class GoogleSpeechToTextTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeGoogleSpeech google = new FakeGoogleSpeech();
    private GoogleSpeechToText stt;

    @AfterEach
    void stop() {
        if (stt != null) {
            stt.close();
        }
        google.close();
    }

    @Test
    void interimThenOneFinalTranscriptOfAllSegments() {
        stt = new GoogleSpeechToText(config(google.endpoint()));
        Recorder recorder = new Recorder();

        SpeechToText.Recognition recognition = stt.open(new SpeechToText.Options("de-DE"), recorder);
        byte[] frame = frame((byte) 0x7F);
        for (int i = 0; i < 5; i++) {
            recognition.sendAudio(frame, 0, frame.length); // 100 ms: one request
        }
        await().atMost(WAIT).until(() -> !recorder.events.isEmpty());
        recognition.sendAudio(frame, 40, 120);
        recognition.finish();

        await().atMost(WAIT).until(() -> recorder.finalText != null || recorder.error != null);
        assertThat(recorder.error).isNull();
        assertThat(recorder.events.get(0)).isEqualTo("interim:hello:0.6");
        // the final segments arrive as interims too (finals so far), then one final joining them
        assertThat(recorder.events).endsWith("final:hello there how are you:0.75");
        assertThat(google.audio).singleElement().satisfies(bytes -> assertThat(bytes).hasSize(5 * 160 + 120));
        assertThat(google.audioRequests.get()).isEqualTo(2); // 100 ms, then the rest at finish

        StreamingRecognitionConfig sent = google.configs.get(0);
        assertThat(sent.getInterimResults()).isTrue();
        RecognitionConfig recognitionConfig = sent.getConfig();
        assertThat(recognitionConfig.getEncoding()).isEqualTo(RecognitionConfig.AudioEncoding.MULAW);
        assertThat(recognitionConfig.getSampleRateHertz()).isEqualTo(8000);
        assertThat(recognitionConfig.getAudioChannelCount()).isEqualTo(1);
        assertThat(recognitionConfig.getLanguageCode()).isEqualTo("de-DE");
        assertThat(recognitionConfig.getModel()).isEqualTo("phone_call");
        assertThat(recognitionConfig.getUseEnhanced()).isTrue();
        assertThat(recognitionConfig.getEnableAutomaticPunctuation()).isTrue();
    }

    @Test
    void nothingRecognisedIsAnEmptyFinal() {
        google.finals = List.of();
        stt = new GoogleSpeechToText(config(google.endpoint()));
        Recorder recorder = new Recorder();

        SpeechToText.Recognition recognition = stt.open(new SpeechToText.Options("en-US"), recorder);
        recognition.finish();

        await().atMost(WAIT).until(() -> recorder.finalText != null);
        assertThat(recorder.events).containsExactly("final::0.0");
    }

    @Test
    void unavailableIsRetriableAndARejectedConfigIsNot() {
        stt = new GoogleSpeechToText(config(google.endpoint()));
        google.failWith = Status.UNAVAILABLE.withDescription("try later");
        Recorder unavailable = new Recorder();
        stt.open(new SpeechToText.Options("en-US"), unavailable);
        await().atMost(WAIT).until(() -> unavailable.error != null);
        assertThat(unavailable.error.retriable()).isTrue();
        assertThat(unavailable.error.getMessage()).contains("UNAVAILABLE");

        google.failWith = Status.INVALID_ARGUMENT.withDescription("bad model");
        Recorder rejected = new Recorder();
        stt.open(new SpeechToText.Options("en-US"), rejected);
        await().atMost(WAIT).until(() -> rejected.error != null);
        assertThat(rejected.error.retriable()).isFalse();
        assertThat(rejected.events).containsExactly("error");
    }

    @Test
    void anUnreachableServiceIsReportedNotThrownAndIsRetriable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        stt = new GoogleSpeechToText(config("localhost:" + closedPort));
        Recorder recorder = new Recorder();

        SpeechToText.Recognition recognition = stt.open(new SpeechToText.Options("en-US"), recorder);
        byte[] frame = frame((byte) 1);
        recognition.sendAudio(frame, 0, frame.length);
        recognition.finish();

        await().atMost(WAIT).until(() -> recorder.error != null);
        assertThat(recorder.error.retriable()).isTrue();
    }

    @Test
    void cancelEndsTheStreamAtGoogleAndNothingMoreArrives() {
        stt = new GoogleSpeechToText(config(google.endpoint()));
        Recorder recorder = new Recorder();

        SpeechToText.Recognition recognition = stt.open(new SpeechToText.Options("en-US"), recorder);
        byte[] frame = frame((byte) 2);
        recognition.sendAudio(frame, 0, frame.length);
        await().atMost(WAIT).until(() -> !google.configs.isEmpty());
        recognition.cancel();
        recognition.sendAudio(frame, 0, frame.length);
        recognition.finish();

        await().atMost(WAIT).until(() -> google.cancelled.get() == 1);
        assertThat(google.completed.get()).isZero();
        assertThat(recorder.finalText).isNull();
        assertThat(recorder.error).isNull();
    }

    @Test
    void oneClientCarriesManyConcurrentStreams() {
        stt = new GoogleSpeechToText(config(google.endpoint()));
        List<Recorder> recorders = new ArrayList<>();
        List<SpeechToText.Recognition> recognitions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            recognitions.add(stt.open(new SpeechToText.Options("en-US"), recorder));
        }
        byte[] frame = frame((byte) 3);
        for (SpeechToText.Recognition recognition : recognitions) {
            recognition.sendAudio(frame, 0, frame.length);
            recognition.finish();
        }

        await().atMost(WAIT).until(() -> recorders.stream().allMatch(r -> r.finalText != null || r.error != null));
        assertThat(recorders).allSatisfy(r -> assertThat(r.finalText).isEqualTo("hello there how are you"));
        assertThat(google.configs).hasSize(25);
    }

    private static byte[] frame(byte value) {
        byte[] frame = new byte[160];
        java.util.Arrays.fill(frame, value);
        return frame;
    }

    private static GatewayConfig.Stt.Google config(String endpoint) {
        return new GatewayConfig.Stt.Google() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public boolean plaintext() {
                return true;
            }

            @Override
            public String model() {
                return "phone_call";
            }

            @Override
            public boolean enhanced() {
                return true;
            }

            @Override
            public Duration streamTimeout() {
                return Duration.ofSeconds(30);
            }
        };
    }

    static final class Recorder implements SpeechToText.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile String finalText;
        volatile SpeechToTextException error;

        @Override
        public void onInterim(String transcript, float stability) {
            events.add("interim:" + transcript + ":" + stability);
        }

        @Override
        public void onFinal(String transcript, float confidence) {
            events.add("final:" + transcript + ":" + confidence);
            finalText = transcript;
        }

        @Override
        public void onError(SpeechToTextException failure) {
            events.add("error");
            error = failure;
        }
    }
}
