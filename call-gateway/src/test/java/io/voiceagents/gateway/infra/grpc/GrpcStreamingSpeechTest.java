package io.voiceagents.gateway.infra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.voiceagents.contracts.tts.v1.AudioFormat;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.support.FakeTtsService;
import io.voiceagents.gateway.support.FakeTtsService.StreamPlan;

/** The StreamSynthesize adapter against an in-process fake tts-service. */
class GrpcStreamingSpeechTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AgentVoice VOICE = new AgentVoice("en-US-Neural2-F", "en-US");

    private final FakeTtsService tts = new FakeTtsService();
    private final StreamTimer timer = new StreamTimer();
    private InProcessBackend backend;

    @BeforeEach
    void start() {
        backend = new InProcessBackend(tts);
    }

    @AfterEach
    void stop() throws InterruptedException {
        backend.close();
        timer.stop();
    }

    @Test
    void chunksArriveInOrderWithFirstChunkFactsThenTheDuration() {
        Recorder recorder = new Recorder();

        speech(Duration.ofSeconds(5)).synthesize("Hello there.", VOICE, recorder);

        await().atMost(WAIT).until(() -> recorder.durationMs != null || recorder.error != null);
        // 5 frames in chunks of 2: 320, 320, 160 bytes; each chunk filled with its first frame's number
        assertThat(recorder.events).containsExactly("audio:320:first:fresh:80:1", "audio:320:next:fresh:0:3",
                "audio:160:next:fresh:0:5", "complete:100");
        assertThat(tts.streamRequests).singleElement().satisfies(request -> {
            assertThat(request.getText()).isEqualTo("Hello there.");
            assertThat(request.getVoice()).isEqualTo("en-US-Neural2-F");
            assertThat(request.getLanguage()).isEqualTo("en-US");
            assertThat(request.getFormat()).isEqualTo(AudioFormat.AUDIO_FORMAT_RAW_MULAW_8K);
        });
    }

    @Test
    void aCachedSentenceSaysSoOnItsFirstChunk() {
        tts.streamPlan(new StreamPlan(2, 2, true, Duration.ZERO, false, null));
        Recorder recorder = new Recorder();

        speech(Duration.ofSeconds(5)).synthesize("Hello again.", VOICE, recorder);

        await().atMost(WAIT).until(() -> recorder.durationMs != null);
        assertThat(recorder.events).containsExactly("audio:320:first:cached:0:1", "complete:40");
    }

    @Test
    void cancelReachesTtsServiceAndNothingFollowsIt() {
        tts.streamPlan(new StreamPlan(1, 1, false, Duration.ZERO, true, null));
        Recorder recorder = new Recorder();

        StreamingSpeech.SynthesisStream stream = speech(Duration.ofSeconds(5)).synthesize("A long sentence.", VOICE, recorder);
        await().atMost(WAIT).until(() -> !recorder.events.isEmpty());
        stream.cancel();

        await().atMost(WAIT).until(() -> tts.cancelledStreams.contains("A long sentence."));
        assertThat(recorder.events).containsExactly("audio:160:first:fresh:80:1");
        assertThat(recorder.error).isNull();
    }

    @Test
    void failuresAreClassified() {
        tts.streamPlan(new StreamPlan(1, 1, false, Duration.ZERO, false, Status.UNAVAILABLE));
        Recorder unavailable = new Recorder();
        speech(Duration.ofSeconds(5)).synthesize("One.", VOICE, unavailable);
        await().atMost(WAIT).until(() -> unavailable.error != null);
        assertThat(unavailable.error.retriable()).isTrue();
        assertThat(unavailable.events).containsExactly("audio:160:first:fresh:80:1", "error");

        tts.streamPlan(new StreamPlan(0, 1, false, Duration.ZERO, false, Status.INVALID_ARGUMENT.withDescription("voice")));
        Recorder rejected = new Recorder();
        speech(Duration.ofSeconds(5)).synthesize("Two.", VOICE, rejected);
        await().atMost(WAIT).until(() -> rejected.error != null);
        assertThat(rejected.error.retriable()).isFalse();
        assertThat(rejected.error.timedOut()).isFalse();
        assertThat(rejected.error.getMessage()).contains("INVALID_ARGUMENT");
    }

    @Test
    void noAudioWithinTheFirstChunkBudgetTimesOutAndCancels() {
        tts.streamPlan(new StreamPlan(3, 1, false, Duration.ofSeconds(20), false, null));
        Recorder recorder = new Recorder();

        speech(Duration.ofMillis(300)).synthesize("Slow.", VOICE, recorder);

        await().atMost(WAIT).until(() -> recorder.error != null);
        assertThat(recorder.error.timedOut()).isTrue();
        assertThat(recorder.events).containsExactly("error");
        await().atMost(WAIT).until(() -> tts.cancelledStreams.contains("Slow."));
    }

    private GrpcStreamingSpeech speech(Duration firstChunkBudget) {
        return new GrpcStreamingSpeech(backend.channel, ttsConfig(firstChunkBudget), timer);
    }

    /** tts-service settings with this first-chunk budget (whole sentence: 20 s). */
    static GatewayConfig.Tts ttsConfig(Duration firstChunkBudget) {
        return new GatewayConfig.Tts() {
            @Override
            public Duration budget() {
                return Duration.ofMillis(1500);
            }

            @Override
            public Duration streamFirstChunkBudget() {
                return firstChunkBudget;
            }

            @Override
            public Duration streamBudget() {
                return Duration.ofSeconds(20);
            }
        };
    }

    static final class Recorder implements StreamingSpeech.AudioListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile Long durationMs;
        volatile SpeechSynthesisException error;

        @Override
        public void onAudio(byte[] muLaw, boolean first, boolean cached, long providerFirstByteMs) {
            events.add("audio:" + muLaw.length + ":" + (first ? "first" : "next") + ":" + (cached ? "cached" : "fresh") + ":"
                    + providerFirstByteMs + ":" + muLaw[0]);
        }

        @Override
        public void onComplete(long duration) {
            events.add("complete:" + duration);
            durationMs = duration;
        }

        @Override
        public void onError(SpeechSynthesisException failure) {
            events.add("error");
            error = failure;
        }
    }
}
