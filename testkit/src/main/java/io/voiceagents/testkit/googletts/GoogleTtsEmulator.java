package io.voiceagents.testkit.googletts;

import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.ListVoicesRequest;
import com.google.cloud.texttospeech.v1.ListVoicesResponse;
import com.google.cloud.texttospeech.v1.SsmlVoiceGender;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeRequest;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeResponse;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Emulates Google Cloud Text-to-Speech v1 over plaintext gRPC on 127.0.0.1
 * ({@code google.cloud.texttospeech.v1.TextToSpeech}: {@code SynthesizeSpeech}, {@code StreamingSynthesize},
 * {@code ListVoices}).
 *
 * <p>{@code SynthesizeSpeech} returns, like Google, a WAV file (RIFF header + samples) for {@code MULAW}
 * (G.711 mu-law, format 7) and {@code LINEAR16} (PCM16), mono, at {@code sample_rate_hertz} (8000 when unset).
 * The audio is a tone per character (~60 ms each at speaking rate 1, capped at 20 s), so its length grows with
 * the text and it is never silent. Empty input and MP3/OGG_OPUS/ALAW/PCM encodings answer {@code INVALID_ARGUMENT};
 * injected failures answer {@code UNAVAILABLE}. Responses carry the {@code x-emulator: google-tts-emulator}
 * header. Use {@link GoogleTtsPlaintextClient} to connect the official client. Thread-safe.
 *
 * <p>{@code StreamingSynthesize} follows Google's protocol: the first message carries only the
 * {@code streaming_config}, the following ones text; audio comes back headerless ({@code PCM} or {@code MULAW}, at
 * {@code sample_rate_hertz}, 24 kHz when unset) in chunks of {@link #setStreamingChunk(Duration) a fixed duration}:
 * the first one {@link #setStreamingFirstByteLatency(Duration) a latency} after the first text, the next ones
 * {@link #setStreamingPace(double) faster than real time}; the stream completes once the client half-closed and all
 * audio is sent. As on Google only Chirp 3: HD voices stream ({@link #supportsStreaming(String)}); others, a missing
 * config or another encoding answer {@code INVALID_ARGUMENT}. Failures can be injected at the start of a stream
 * or after some chunks, and cancellations by the client are counted.
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
    private static final MethodDescriptor<StreamingSynthesizeRequest, StreamingSynthesizeResponse> STREAMING_SYNTHESIZE =
            MethodDescriptor.<StreamingSynthesizeRequest, StreamingSynthesizeResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "StreamingSynthesize"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StreamingSynthesizeRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StreamingSynthesizeResponse.getDefaultInstance()))
                    .build();
    /** Audio per streamed chunk unless {@link #setStreamingChunk(Duration)} says otherwise. */
    public static final Duration DEFAULT_STREAMING_CHUNK = Duration.ofMillis(250);
    /** How much faster than real time streamed audio is produced unless {@link #setStreamingPace(double)} says otherwise. */
    public static final double DEFAULT_STREAMING_PACE = 5.0;
    private static final List<Voice> VOICES = List.of(
            voice("en-US", "en-US-Neural2-F", SsmlVoiceGender.FEMALE),
            voice("en-US", "en-US-Neural2-D", SsmlVoiceGender.MALE),
            voice("en-GB", "en-GB-Neural2-A", SsmlVoiceGender.FEMALE),
            voice("fr-FR", "fr-FR-Neural2-A", SsmlVoiceGender.FEMALE),
            voice("de-DE", "de-DE-Neural2-B", SsmlVoiceGender.MALE),
            voice("en-US", "en-US-Chirp3-HD-Kore", SsmlVoiceGender.FEMALE),
            voice("en-US", "en-US-Chirp3-HD-Charon", SsmlVoiceGender.MALE));
    private static final String STREAMING_VOICE_FAMILY = "Chirp3-HD";

    /** What ended a StreamingSynthesize call. */
    enum StreamEnd { COMPLETED, FAILED, CANCELLED }

    private final Server server;
    private final FaultInjector faults = new FaultInjector(Status.Code.UNAVAILABLE.value());
    private final AtomicInteger requests = new AtomicInteger();
    private final List<SynthesizeSpeechRequest> received = new ArrayList<>();
    private final FaultInjector streamFaults = new FaultInjector(Status.Code.UNAVAILABLE.value());
    private final ScheduledExecutorService streamScheduler;
    private final List<StreamingSynthesizeConfig> streamConfigs = new ArrayList<>();
    private volatile Duration streamingFirstByteLatency = Duration.ZERO;
    private volatile Duration streamingChunk = DEFAULT_STREAMING_CHUNK;
    private volatile double streamingPace = DEFAULT_STREAMING_PACE;
    private final AtomicInteger failAfterChunks = new AtomicInteger(-1);
    private int streamsOpened;
    private int streamsCompleted;
    private int streamsFailed;
    private int streamsCancelled;
    private int chunksSent;

    private GoogleTtsEmulator(int port) {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(SYNTHESIZE, ServerCalls.asyncUnaryCall(this::synthesize))
                .addMethod(LIST_VOICES, ServerCalls.asyncUnaryCall(this::listVoices))
                .addMethod(STREAMING_SYNTHESIZE, ServerCalls.asyncBidiStreamingCall(this::streamingSynthesize))
                .build();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, Thread.ofPlatform()
                .name("google-tts-emulator-stream-", 0).daemon().factory());
        scheduler.setRemoveOnCancelPolicy(true);
        streamScheduler = scheduler;
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

    /** Time each SynthesizeSpeech call waits before answering (zero by default). */
    public void setLatency(Duration latency) {
        faults.setLatency(latency);
    }

    /** Time from a stream's first text to its first audio chunk (zero by default). */
    public void setStreamingFirstByteLatency(Duration latency) {
        streamingFirstByteLatency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
    }

    /** Audio duration carried by each streamed chunk ({@link #DEFAULT_STREAMING_CHUNK} by default). */
    public void setStreamingChunk(Duration audioPerChunk) {
        if (audioPerChunk == null || audioPerChunk.toMillis() < 1) {
            throw new IllegalArgumentException("a chunk carries at least 1 ms of audio: " + audioPerChunk);
        }
        streamingChunk = audioPerChunk;
    }

    /**
     * How many times faster than real time streamed audio is produced after the first chunk: 1 is real time,
     * 0 sends all chunks at once ({@link #DEFAULT_STREAMING_PACE} by default).
     */
    public void setStreamingPace(double realTimeFactor) {
        if (realTimeFactor < 0 || Double.isNaN(realTimeFactor)) {
            throw new IllegalArgumentException("pace must be 0 (no pacing) or positive: " + realTimeFactor);
        }
        streamingPace = realTimeFactor;
    }

    /** The next {@code n} StreamingSynthesize calls fail with {@code UNAVAILABLE} as soon as their config arrives. */
    public void failNextStreams(int n) {
        streamFaults.failNext(n);
    }

    /** The next {@code n} StreamingSynthesize calls fail with {@code code} as soon as their config arrives. */
    public void failNextStreams(int n, Status.Code code) {
        streamFaults.failNext(n, code.value());
    }

    /** While true every StreamingSynthesize call fails with {@code UNAVAILABLE} at its start. */
    public void setStreamsFailing(boolean failing) {
        streamFaults.setFailing(failing);
    }

    /** The next StreamingSynthesize call sends {@code chunks} audio chunks, then fails with {@code UNAVAILABLE}. */
    public void failNextStreamAfterChunks(int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("chunks must not be negative: " + chunks);
        }
        failAfterChunks.set(chunks);
    }

    /** Whether Google streams this voice: Chirp 3: HD voices only, e.g. {@code en-US-Chirp3-HD-Kore}. */
    public static boolean supportsStreaming(String voiceName) {
        return voiceName != null && voiceName.contains(STREAMING_VOICE_FAMILY);
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

    /** StreamingSynthesize calls that sent a config (including rejected and failed ones). */
    public synchronized int streamingRequestCount() {
        return streamsOpened;
    }

    /** The configs of StreamingSynthesize calls, oldest first. */
    public synchronized List<StreamingSynthesizeConfig> receivedStreamingConfigs() {
        return List.copyOf(streamConfigs);
    }

    /** StreamingSynthesize calls the client cancelled before they ended. */
    public synchronized int streamingCancelledCount() {
        return streamsCancelled;
    }

    /** StreamingSynthesize calls that sent all their audio and completed. */
    public synchronized int streamingCompletedCount() {
        return streamsCompleted;
    }

    /** StreamingSynthesize calls that ended with an error status (rejected or injected). */
    public synchronized int streamingFailedCount() {
        return streamsFailed;
    }

    /** Audio chunks sent by all StreamingSynthesize calls. */
    public synchronized int streamingChunkCount() {
        return chunksSent;
    }

    /**
     * Waits until at least {@code n} streams were cancelled by their client (tests check that a cancellation
     * reached the provider).
     *
     * @return whether that many cancellations were seen within {@code timeout}
     */
    public boolean awaitStreamingCancelled(int n, Duration timeout) throws InterruptedException {
        return awaitCount(() -> streamsCancelled, n, timeout);
    }

    /** Waits until at least {@code n} streams ended, however they ended; returns whether they did in time. */
    public boolean awaitStreamsEnded(int n, Duration timeout) throws InterruptedException {
        return awaitCount(() -> streamsCompleted + streamsFailed + streamsCancelled, n, timeout);
    }

    private synchronized boolean awaitCount(IntSupplier count, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsInt() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Clears recorded requests, counters, latencies, pacing and failures (of both unary and streaming calls). */
    public synchronized void reset() {
        faults.reset();
        requests.set(0);
        received.clear();
        streamFaults.reset();
        streamingFirstByteLatency = Duration.ZERO;
        streamingChunk = DEFAULT_STREAMING_CHUNK;
        streamingPace = DEFAULT_STREAMING_PACE;
        failAfterChunks.set(-1);
        streamConfigs.clear();
        streamsOpened = 0;
        streamsCompleted = 0;
        streamsFailed = 0;
        streamsCancelled = 0;
        chunksSent = 0;
    }

    @Override
    public void close() {
        streamScheduler.shutdownNow();
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

    private StreamObserver<StreamingSynthesizeRequest> streamingSynthesize(StreamObserver<StreamingSynthesizeResponse> out) {
        StreamingSession.Plan plan = new StreamingSession.Plan(streamingFirstByteLatency.toNanos(),
                (int) streamingChunk.toMillis(), streamingPace, failAfterChunks.getAndSet(-1),
                streamFaults.nextFailure());
        return new StreamingSession(this, out, streamScheduler, plan);
    }

    synchronized void streamOpened(StreamingSynthesizeConfig config) {
        streamsOpened++;
        streamConfigs.add(config);
    }

    synchronized void chunkSent() {
        chunksSent++;
    }

    synchronized void streamEnded(StreamEnd end) {
        switch (end) {
            case COMPLETED -> streamsCompleted++;
            case FAILED -> streamsFailed++;
            case CANCELLED -> streamsCancelled++;
        }
        notifyAll();
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
