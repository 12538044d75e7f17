package io.voiceagents.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.voiceagents.contracts.tts.v1.SynthesisServiceGrpc;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.contracts.tts.v1.SynthesizeResponse;

/** Stands in for tts-service: answers with a content-addressed path, or fails / is slow when a test says so. */
public final class FakeTtsService extends SynthesisServiceGrpc.SynthesisServiceImplBase {

    public final List<SynthesizeRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile Duration delay = Duration.ZERO;

    public void reset() {
        requests.clear();
        failing = false;
        delay = Duration.ZERO;
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
