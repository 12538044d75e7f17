package io.voiceagents.testkit.googletts;

import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.ListVoicesRequest;
import com.google.cloud.texttospeech.v1.ListVoicesResponse;
import com.google.cloud.texttospeech.v1.SsmlVoiceGender;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechResponse;
import com.google.cloud.texttospeech.v1.Voice;
import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.WavFile;
import io.voiceagents.testkit.support.FaultInjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emulates Google Cloud Text-to-Speech v1 over plaintext gRPC on 127.0.0.1
 * ({@code google.cloud.texttospeech.v1.TextToSpeech}: {@code SynthesizeSpeech}, {@code ListVoices}).
 *
 * <p>{@code SynthesizeSpeech} returns, like Google, a WAV file (RIFF header + samples) for {@code MULAW}
 * (G.711 mu-law, format 7) and {@code LINEAR16} (PCM16), mono, at {@code sample_rate_hertz} (8000 when unset).
 * The audio is a tone per character (~60 ms each at speaking rate 1, capped at 20 s), so its length grows with
 * the text and it is never silent. Empty input and MP3/OGG_OPUS/ALAW/PCM encodings answer {@code INVALID_ARGUMENT};
 * injected failures answer {@code UNAVAILABLE}. Responses carry the {@code x-emulator: google-tts-emulator}
 * header. Use {@link GoogleTtsPlaintextClient} to connect the official client. Thread-safe.
 */
public final class GoogleTtsEmulator implements AutoCloseable {

    /** Value of the {@code x-emulator} response header. */
    public static final String NAME = "google-tts-emulator";
    /** Sample rate used when the request leaves {@code sample_rate_hertz} at 0. */
    public static final int DEFAULT_SAMPLE_RATE = MuLaw.SAMPLE_RATE;

    private static final String SERVICE = "google.cloud.texttospeech.v1.TextToSpeech";
    private static final Metadata.Key<String> EMULATOR_KEY = Metadata.Key.of("x-emulator", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<SynthesizeSpeechRequest, SynthesizeSpeechResponse> SYNTHESIZE =
            MethodDescriptor.<SynthesizeSpeechRequest, SynthesizeSpeechResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "SynthesizeSpeech"))
                    .setRequestMarshaller(ProtoUtils.marshaller(SynthesizeSpeechRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(SynthesizeSpeechResponse.getDefaultInstance()))
                    .build();
    private static final MethodDescriptor<ListVoicesRequest, ListVoicesResponse> LIST_VOICES =
            MethodDescriptor.<ListVoicesRequest, ListVoicesResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "ListVoices"))
                    .setRequestMarshaller(ProtoUtils.marshaller(ListVoicesRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ListVoicesResponse.getDefaultInstance()))
                    .build();
    private static final List<Voice> VOICES = List.of(
            voice("en-US", "en-US-Neural2-F", SsmlVoiceGender.FEMALE),
            voice("en-US", "en-US-Neural2-D", SsmlVoiceGender.MALE),
            voice("en-GB", "en-GB-Neural2-A", SsmlVoiceGender.FEMALE),
            voice("fr-FR", "fr-FR-Neural2-A", SsmlVoiceGender.FEMALE),
            voice("de-DE", "de-DE-Neural2-B", SsmlVoiceGender.MALE));

    private final Server server;
    private final FaultInjector faults = new FaultInjector(Status.Code.UNAVAILABLE.value());
    private final AtomicInteger requests = new AtomicInteger();
    private final List<SynthesizeSpeechRequest> received = new ArrayList<>();

    private GoogleTtsEmulator(int port) {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(SYNTHESIZE, ServerCalls.asyncUnaryCall(this::synthesize))
                .addMethod(LIST_VOICES, ServerCalls.asyncUnaryCall(this::listVoices))
                .build();
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .addService(ServerInterceptors.intercept(service, new LabelInterceptor()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Google TTS emulator on 127.0.0.1:" + port, e);
        }
    }

    /** Starts the emulator on 127.0.0.1 ({@code port} 0 picks a free port). */
    public static GoogleTtsEmulator start(int port) {
        return new GoogleTtsEmulator(port);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code "127.0.0.1:port"}, the value for the client's endpoint setting. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    /** The next {@code n} SynthesizeSpeech calls fail with {@code UNAVAILABLE}. */
    public void failNext(int n) {
        faults.failNext(n);
    }

    /** The next {@code n} SynthesizeSpeech calls fail with the given status code. */
    public void failNext(int n, Status.Code code) {
        faults.failNext(n, code.value());
    }

    /** While true every SynthesizeSpeech call fails with {@code UNAVAILABLE}. */
    public void setFailing(boolean failing) {
        faults.setFailing(failing);
    }

    /** Number of SynthesizeSpeech calls received (including failed ones). */
    public int requestCount() {
        return requests.get();
    }

    /** SynthesizeSpeech requests received, oldest first. */
    public synchronized List<SynthesizeSpeechRequest> receivedRequests() {
        return List.copyOf(received);
    }

    /** Clears recorded requests, the counter, latency and failures. */
    public synchronized void reset() {
        faults.reset();
        requests.set(0);
        received.clear();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void synthesize(SynthesizeSpeechRequest request, StreamObserver<SynthesizeSpeechResponse> out) {
        requests.incrementAndGet();
        synchronized (this) {
            received.add(request);
        }
        faults.applyLatency();
        int failure = faults.nextFailure();
        if (failure != FaultInjector.NO_FAILURE) {
            out.onError(Status.fromCodeValue(failure).withDescription("Injected failure (" + NAME + ")").asRuntimeException());
            return;
        }
        String text = inputText(request);
        if (text.isBlank()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("Either `input.text` or `input.ssml` needs to be set.").asRuntimeException());
            return;
        }
        AudioConfig config = request.getAudioConfig();
        int rate = config.getSampleRateHertz() > 0 ? config.getSampleRateHertz() : DEFAULT_SAMPLE_RATE;
        short[] pcm = ToneSynthesizer.synthesize(text.strip(), rate, config.getSpeakingRate());
        byte[] wav;
        if (config.getAudioEncoding() == AudioEncoding.MULAW) {
            wav = WavFile.muLawMono(MuLaw.encode(pcm), rate);
        } else if (config.getAudioEncoding() == AudioEncoding.LINEAR16) {
            wav = WavFile.pcm16Mono(pcm, rate);
        } else {
            out.onError(Status.INVALID_ARGUMENT.withDescription("Audio encoding " + config.getAudioEncoding()
                    + " is not supported by " + NAME + "; use MULAW or LINEAR16.").asRuntimeException());
            return;
        }
        out.onNext(SynthesizeSpeechResponse.newBuilder().setAudioContent(ByteString.copyFrom(wav)).build());
        out.onCompleted();
    }

    private void listVoices(ListVoicesRequest request, StreamObserver<ListVoicesResponse> out) {
        String language = request.getLanguageCode();
        ListVoicesResponse.Builder response = ListVoicesResponse.newBuilder();
        for (Voice v : VOICES) {
            if (language.isEmpty() || v.getLanguageCodesList().stream().anyMatch(l -> l.equalsIgnoreCase(language)
                    || l.toLowerCase().startsWith(language.toLowerCase() + "-"))) {
                response.addVoices(v);
            }
        }
        out.onNext(response.build());
        out.onCompleted();
    }

    /** Plain text, or SSML / markup with tags removed: what the caller would hear. */
    private static String inputText(SynthesizeSpeechRequest request) {
        var input = request.getInput();
        if (!input.getText().isEmpty()) {
            return input.getText();
        }
        if (!input.getSsml().isEmpty()) {
            return input.getSsml().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
        }
        return input.getMarkup();
    }

    private static Voice voice(String language, String name, SsmlVoiceGender gender) {
        return Voice.newBuilder().addLanguageCodes(language).setName(name).setSsmlGender(gender)
                .setNaturalSampleRateHertz(24000).build();
    }

    /** Adds the {@code x-emulator} header to every response. */
    private static final class LabelInterceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                          ServerCallHandler<Q, R> next) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendHeaders(Metadata responseHeaders) {
                    responseHeaders.put(EMULATOR_KEY, NAME);
                    super.sendHeaders(responseHeaders);
                }
            }, headers);
        }
    }
}
