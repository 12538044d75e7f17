package io.voiceagents.testkit.googlestt;

import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
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
import io.voiceagents.testkit.speech.SpeechFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emulates Google Cloud Speech-to-Text v1 streaming recognition over plaintext gRPC on 127.0.0.1
 * ({@code google.cloud.speech.v1.Speech/StreamingRecognize}, with the official proto types), so the official
 * {@code SpeechClient} (see {@link GoogleSttPlaintextClient}) and any adapter on it run unchanged.
 *
 * <h2>Protocol, as Google</h2>
 * <ul>
 *   <li>The first request must carry {@code streaming_config}, and only the first: otherwise {@code INVALID_ARGUMENT}
 *       "Malordered Data Received…". The config must have a language code and, since this emulator only knows phone
 *       audio, encoding {@code MULAW} (or {@code LINEAR16}) at 8000 Hz mono; else {@code INVALID_ARGUMENT}.</li>
 *   <li>Then {@code audio_content} in chunks of any size. With {@code interim_results}, interim results
 *       ({@code is_final} false, {@code stability}) are sent as the transcript grows, at most once per
 *       {@link #setInterimInterval interim interval} of audio.</li>
 *   <li>When the client half-closes, after the {@link #setFinalLatency final latency} (default 150 ms) one final
 *       result ({@code is_final} true, confidence 0.9, {@code result_end_time} = audio received) and completion.
 *       Audio with no known speech gets no result at all, only completion, as Google does for silence.</li>
 *   <li>No audio for the {@link #setAudioTimeout audio timeout} (default 10 s) fails the stream with
 *       {@code OUT_OF_RANGE} "Audio Timeout Error…"; a stream open longer than the
 *       {@link #setMaxStreamDuration maximum} (default 305 s) with {@code OUT_OF_RANGE} "Exceeded maximum allowed
 *       stream duration…".</li>
 * </ul>
 *
 * <h2>Recognition</h2>
 * By content, not by listening: every {@link SpeechFixtures} recording with speech, and anything
 * {@link #register registered}, is indexed frame by frame (see {@link FixtureIndex}). Audio frames matching a known
 * recording's frame count as heard; the interim transcript is the recording's transcript cut to the fraction heard
 * so far (whole words); the final one is the whole transcript if most of its frames were heard, else the part heard.
 * Several recordings in one stream give their transcripts in order. Anything else (noise, silence, a cough) is not
 * speech.
 *
 * <p>Failure injection: {@link #failNextStream}, {@link #failStreamAfter}, {@link #failStreamAfterFrames} (each for
 * the next stream opened). Counters for benchmarks and tests. Responses carry {@code x-emulator: google-stt-emulator}.
 * Thread-safe.
 */
public final class GoogleSttEmulator implements AutoCloseable {

    /** Value of the {@code x-emulator} response header. */
    public static final String NAME = "google-stt-emulator";
    private static final String SERVICE = "google.cloud.speech.v1.Speech";
    private static final Metadata.Key<String> EMULATOR_KEY = Metadata.Key.of("x-emulator", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<StreamingRecognizeRequest, StreamingRecognizeResponse> STREAMING_RECOGNIZE =
            MethodDescriptor.<StreamingRecognizeRequest, StreamingRecognizeResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "StreamingRecognize"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StreamingRecognizeRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StreamingRecognizeResponse.getDefaultInstance()))
                    .build();
    private static final int MAX_REMEMBERED = 10_000;

    private final Server server;
    private final ScheduledExecutorService scheduler;
    private volatile FixtureIndex index;
    private volatile Duration finalLatency = Duration.ofMillis(150);
    private volatile Duration interimInterval = Duration.ofMillis(100);
    private volatile Duration audioTimeout = Duration.ofSeconds(10);
    private volatile Duration maxStreamDuration = Duration.ofSeconds(305);
    private SttStream.PlannedFailure nextFailure;
    private final Set<SttStream> active = ConcurrentHashMap.newKeySet();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final AtomicLong audioBytes = new AtomicLong();
    private final AtomicInteger interims = new AtomicInteger();
    private final AtomicInteger finals = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<StreamingRecognitionConfig> configs = new ArrayList<>();
    private final List<String> finalTranscripts = new ArrayList<>();

    private GoogleSttEmulator(int port) {
        FixtureIndex built = FixtureIndex.empty();
        for (SpeechFixtures.SpeechFixture f : SpeechFixtures.speech()) {
            built = built.plus(f.name(), f.transcript(), f.muLaw());
        }
        index = built;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, NAME + "-timers");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        scheduler = timers;
        scheduler.scheduleAtFixedRate(this::sweep, 250, 250, TimeUnit.MILLISECONDS);
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(STREAMING_RECOGNIZE, ServerCalls.asyncBidiStreamingCall(this::open))
                .build();
        try {
            // handlers never block: run them on the transport threads, no hop per 20 ms chunk
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .directExecutor()
                    .addService(ServerInterceptors.intercept(service, new LabelInterceptor()))
                    .build()
                    .start();
        } catch (IOException e) {
            scheduler.shutdownNow();
            throw new UncheckedIOException("cannot start Google STT emulator on 127.0.0.1:" + port, e);
        }
    }

    /** Starts the emulator on 127.0.0.1 ({@code port} 0 picks a free port). */
    public static GoogleSttEmulator start(int port) {
        return new GoogleSttEmulator(port);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code "127.0.0.1:port"}, the value for the client's endpoint setting. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** Makes {@code muLaw} (8 kHz) recognisable as {@code transcript}, from the next stream on. */
    public synchronized void register(byte[] muLaw, String transcript) {
        index = index.plus("registered-" + index.size(), transcript, muLaw);
    }

    /** From the client's half-close to the final result (default 150 ms). */
    public void setFinalLatency(Duration latency) {
        this.finalLatency = latency;
    }

    public Duration finalLatency() {
        return finalLatency;
    }

    /** Audio between two interim results, at most one per interval (default 100 ms). */
    public void setInterimInterval(Duration interval) {
        this.interimInterval = interval;
    }

    public Duration interimInterval() {
        return interimInterval;
    }

    /** No audio for this long fails the stream as Google does (default 10 s; zero disables). */
    public void setAudioTimeout(Duration timeout) {
        this.audioTimeout = timeout;
    }

    /** A stream open longer fails as Google's does (default 305 s; zero disables). */
    public void setMaxStreamDuration(Duration max) {
        this.maxStreamDuration = max;
    }

    /** The next stream fails with {@code status} at its first request. */
    public synchronized void failNextStream(Status status) {
        nextFailure = new SttStream.PlannedFailure(status, 0);
    }

    /** The next stream fails with {@code UNAVAILABLE} once it has received {@code audio} of audio. */
    public void failStreamAfter(Duration audio) {
        failStreamAfter(audio, Status.UNAVAILABLE);
    }

    public synchronized void failStreamAfter(Duration audio, Status status) {
        nextFailure = new SttStream.PlannedFailure(status, Math.max(1, audio.toMillis() * 8));
    }

    /** The next stream fails with {@code UNAVAILABLE} once it has received {@code frames} 20 ms frames. */
    public void failStreamAfterFrames(int frames) {
        failStreamAfterFrames(frames, Status.UNAVAILABLE);
    }

    public synchronized void failStreamAfterFrames(int frames, Status status) {
        nextFailure = new SttStream.PlannedFailure(status, Math.max(1, (long) frames * MuLaw.FRAME_BYTES));
    }

    public int streamsOpened() {
        return streamsOpened.get();
    }

    /** Streams open right now. */
    public int activeStreams() {
        return active.size();
    }

    /** Audio bytes received over all streams (as sent: 2 per sample for LINEAR16). */
    public long audioBytesReceived() {
        return audioBytes.get();
    }

    public int interimResultsSent() {
        return interims.get();
    }

    public int finalResultsSent() {
        return finals.get();
    }

    public int failuresInjected() {
        return failures.get();
    }

    /** Streaming configs received, oldest first (the last 10 000). */
    public synchronized List<StreamingRecognitionConfig> receivedConfigs() {
        return List.copyOf(configs);
    }

    /** Transcripts of the final results sent, oldest first (the last 10 000). */
    public synchronized List<String> finalTranscripts() {
        return List.copyOf(finalTranscripts);
    }

    /** Clears counters, records, planned failures and settings (registered audio stays). */
    public synchronized void reset() {
        nextFailure = null;
        streamsOpened.set(0);
        audioBytes.set(0);
        interims.set(0);
        finals.set(0);
        failures.set(0);
        configs.clear();
        finalTranscripts.clear();
        finalLatency = Duration.ofMillis(150);
        interimInterval = Duration.ofMillis(100);
        audioTimeout = Duration.ofSeconds(10);
        maxStreamDuration = Duration.ofSeconds(305);
    }

    @Override
    public void close() {
        active.forEach(SttStream::cancel);
        server.shutdownNow();
        scheduler.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StreamObserver<StreamingRecognizeRequest> open(StreamObserver<StreamingRecognizeResponse> out) {
        SttStream.PlannedFailure failure;
        synchronized (this) {
            failure = nextFailure;
            nextFailure = null;
        }
        streamsOpened.incrementAndGet();
        SttStream stream = new SttStream(this, out, failure);
        active.add(stream);
        return stream;
    }

    private void sweep() {
        long now = System.nanoTime();
        long timeout = audioTimeout.toNanos();
        long max = maxStreamDuration.toNanos();
        for (SttStream s : active) {
            s.check(now, timeout, max);
        }
    }

    FixtureIndex index() {
        return index;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    synchronized void configReceived(StreamingRecognitionConfig config) {
        if (configs.size() == MAX_REMEMBERED) {
            configs.remove(0);
        }
        configs.add(config);
    }

    void audioReceived(int bytes) {
        audioBytes.addAndGet(bytes);
    }

    void interimSent() {
        interims.incrementAndGet();
    }

    synchronized void finalSent(String transcript) {
        finals.incrementAndGet();
        if (finalTranscripts.size() == MAX_REMEMBERED) {
            finalTranscripts.remove(0);
        }
        finalTranscripts.add(transcript);
    }

    void failureInjected() {
        failures.incrementAndGet();
    }

    void streamClosed(SttStream stream) {
        active.remove(stream);
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
