package io.voiceagents.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.voiceagents.contracts.tts.v1.AudioChunk;
import io.voiceagents.contracts.tts.v1.SynthesisServiceGrpc;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.contracts.tts.v1.SynthesizeResponse;

/** Stands in for tts-service: answers with a content-addressed path, or fails / is slow when a test says so. */
public final class FakeTtsService extends SynthesisServiceGrpc.SynthesisServiceImplBase {

    public final List<SynthesizeRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile Duration delay = Duration.ZERO;

    /** StreamSynthesize requests, and the texts whose stream the client cancelled. */
    public final List<SynthesizeRequest> streamRequests = new CopyOnWriteArrayList<>();
    public final List<String> cancelledStreams = new CopyOnWriteArrayList<>();
    private volatile StreamPlan streamPlan = StreamPlan.DEFAULT;

    /**
     * How the fake streams one sentence: {@code frames} 20 ms frames in chunks of {@code framesPerChunk}, {@code gap}
     * before each chunk; then it completes, fails with {@code failWith}, or holds the stream open until cancelled.
     */
    public record StreamPlan(int frames, int framesPerChunk, boolean cached, Duration gap, boolean holdOpen,
            Status failWith) {
        public static final StreamPlan DEFAULT = new StreamPlan(5, 2, false, Duration.ZERO, false, null);
    }

    public void reset() {
        requests.clear();
        failing = false;
        delay = Duration.ZERO;
        streamRequests.clear();
        cancelledStreams.clear();
        streamPlan = StreamPlan.DEFAULT;
    }

    public void streamPlan(StreamPlan plan) {
        this.streamPlan = plan;
    }

    @Override
    public void streamSynthesize(SynthesizeRequest request, StreamObserver<AudioChunk> response) {
        streamRequests.add(request);
        ServerCallStreamObserver<AudioChunk> call = (ServerCallStreamObserver<AudioChunk>) response;
        CountDownLatch cancelled = new CountDownLatch(1);
        call.setOnCancelHandler(() -> {
            cancelledStreams.add(request.getText());
            cancelled.countDown();
        });
        StreamPlan plan = streamPlan;
        // played on its own thread: gRPC delivers the cancellation on this call's serialized executor
        Thread.ofVirtual().name("fake-tts-stream").start(() -> play(plan, response, cancelled));
    }

    private static void play(StreamPlan plan, StreamObserver<AudioChunk> response, CountDownLatch cancelled) {
        int sent = 0;
        boolean first = true;
        while (sent < plan.frames()) {
            if (await(cancelled, plan.gap())) {
                return;
            }
            int frames = Math.min(plan.framesPerChunk(), plan.frames() - sent);
            byte[] audio = new byte[frames * 160];
            java.util.Arrays.fill(audio, (byte) (sent + 1));
            AudioChunk.Builder chunk = AudioChunk.newBuilder().setAudio(ByteString.copyFrom(audio));
            if (first) {
                chunk.setCached(plan.cached()).setProviderFirstByteMs(plan.cached() ? 0 : 80);
                first = false;
            }
            response.onNext(chunk.build());
            sent += frames;
        }
        if (plan.failWith() != null) {
            response.onError(plan.failWith().asRuntimeException());
        } else if (plan.holdOpen()) {
            await(cancelled, Duration.ofSeconds(30));
        } else {
            response.onNext(AudioChunk.newBuilder().setLast(true).setDurationMs(sent * 20L).build());
            response.onCompleted();
        }
    }

    private static boolean await(CountDownLatch cancelled, Duration delay) {
        try {
            return cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** The path the fake answers for a text: tests assert the exact Play URL with it. */
    public static String pathFor(String text) {
        return "/tts/audio/" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)).substring(0,
                Math.min(24, text.length() * 2)) + ".wav";
    }

    @Override
    public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> response) {
        requests.add(request);
        FakeAgentService.sleep(delay);
        if (failing) {
            response.onError(Status.INTERNAL.withDescription("scripted failure").asRuntimeException());
            return;
        }
        response.onNext(SynthesizeResponse.newBuilder().setAudioId("a").setPath(pathFor(request.getText()))
                .setContentType("audio/wav").setDurationMs(100).build());
        response.onCompleted();
    }
}
