package io.voiceagents.gateway.infra.google;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A tiny google.cloud.speech.v1.Speech/StreamingRecognize for the adapter's tests (the generated service stub is not
 * on the classpath, so the method is described by hand with the proto types google-cloud-speech brings). Per stream:
 * an interim result after the second audio chunk, the scripted final segments after the half-close, then the end;
 * or a scripted failure after the config request.
 */
final class FakeGoogleSpeech implements AutoCloseable {

    static final String SERVICE = "google.cloud.speech.v1.Speech";
    private static final MethodDescriptor<StreamingRecognizeRequest, StreamingRecognizeResponse> STREAMING_RECOGNIZE =
            MethodDescriptor.<StreamingRecognizeRequest, StreamingRecognizeResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "StreamingRecognize"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StreamingRecognizeRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StreamingRecognizeResponse.getDefaultInstance()))
                    .build();

    /** One final segment Google returns after the half-close. */
    record Segment(String transcript, float confidence) {
    }

    final List<StreamingRecognitionConfig> configs = new CopyOnWriteArrayList<>();
    final List<byte[]> audio = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelled = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    /** Requests that carried audio, across streams. */
    final AtomicInteger audioRequests = new AtomicInteger();
    volatile List<Segment> finals = List.of(new Segment("hello there", 0.5f), new Segment(" how are you", 1.0f));
    volatile Status failWith;
    private final Server server;

    FakeGoogleSpeech() {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(STREAMING_RECOGNIZE, ServerCalls.asyncBidiStreamingCall(this::stream))
                .build();
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return "localhost:" + server.getPort();
    }

    private StreamObserver<StreamingRecognizeRequest> stream(StreamObserver<StreamingRecognizeResponse> response) {
        ServerCallStreamObserver<StreamingRecognizeResponse> call = (ServerCallStreamObserver<StreamingRecognizeResponse>) response;
        call.setOnCancelHandler(cancelled::incrementAndGet);
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        AtomicInteger chunks = new AtomicInteger();
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingRecognizeRequest request) {
                if (request.hasStreamingConfig()) {
                    configs.add(request.getStreamingConfig());
                    if (failWith != null) {
                        response.onError(failWith.asRuntimeException());
                    }
                    return;
                }
                heard.writeBytes(request.getAudioContent().toByteArray());
                audioRequests.incrementAndGet();
                if (chunks.incrementAndGet() == 1 && !call.isCancelled()) {
                    response.onNext(result("hello", false, 0f, 0.6f));
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                audio.add(heard.toByteArray());
                for (Segment segment : finals) {
                    response.onNext(result(segment.transcript(), true, segment.confidence(), 0f));
                }
                response.onCompleted();
                completed.incrementAndGet();
            }
        };
    }

    private static StreamingRecognizeResponse result(String transcript, boolean isFinal, float confidence, float stability) {
        return StreamingRecognizeResponse.newBuilder()
                .addResults(StreamingRecognitionResult.newBuilder()
                        .addAlternatives(SpeechRecognitionAlternative.newBuilder().setTranscript(transcript)
                                .setConfidence(confidence))
                        .setIsFinal(isFinal)
                        .setStability(stability))
                .build();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
