package io.voiceagents.testkit.googlestt;

import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechRecognitionAlternative;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;
import com.google.cloud.speech.v1.StreamingRecognitionResult;
import com.google.cloud.speech.v1.StreamingRecognizeRequest;
import com.google.cloud.speech.v1.StreamingRecognizeResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.voiceagents.audio.MuLaw;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code StreamingRecognize} call on the {@link GoogleSttEmulator}: checks the request order and config as Google
 * does, feeds audio to a {@link Recognition}, sends interim results as the transcript grows and the final result
 * after the client half-closes. Synchronized: gRPC delivers requests on its threads, the final and the timeouts
 * come from the emulator's scheduler.
 */
final class SttStream implements StreamObserver<StreamingRecognizeRequest> {

    static final String MALORDERED = "Malordered Data Received. Send exactly one config, followed by audio data.";

    /** A failure planned for this stream: after {@code afterBytes} of audio (0: at the first request). */
    record PlannedFailure(Status status, long afterBytes) {
    }

    private final GoogleSttEmulator emulator;
    private final StreamObserver<StreamingRecognizeResponse> out;
    private final PlannedFailure failure;
    private final long openedNanos = System.nanoTime();
    private Recognition recognition;
    private StreamingRecognitionConfig config;
    private String language = "";
    private boolean pcm16;
    private boolean done;
    private long lastAudioNanos = openedNanos;
    private long audioBytes;
    private long lastInterimCheck;
    private String lastInterim = "";
    private ScheduledFuture<?> pendingFinal;

    SttStream(GoogleSttEmulator emulator, StreamObserver<StreamingRecognizeResponse> out, PlannedFailure failure) {
        this.emulator = emulator;
        this.out = out;
        this.failure = failure;
    }

    @Override
    public synchronized void onNext(StreamingRecognizeRequest request) {
        if (done) {
            return;
        }
        if (failure != null && failure.afterBytes() == 0) {
            fail(failure.status().withDescription("Injected failure (" + GoogleSttEmulator.NAME + ")"));
            emulator.failureInjected();
            return;
        }
        if (config == null) {
            if (!request.hasStreamingConfig()) {
                fail(Status.INVALID_ARGUMENT.withDescription(MALORDERED));
                return;
            }
            String problem = problem(request.getStreamingConfig().getConfig());
            if (problem != null) {
                fail(Status.INVALID_ARGUMENT.withDescription(problem));
                return;
            }
            config = request.getStreamingConfig();
            language = config.getConfig().getLanguageCode().toLowerCase();
            pcm16 = config.getConfig().getEncoding() == RecognitionConfig.AudioEncoding.LINEAR16;
            recognition = new Recognition(emulator.index());
            emulator.configReceived(config);
            return;
        }
        if (request.hasStreamingConfig()) {
            fail(Status.INVALID_ARGUMENT.withDescription(MALORDERED));
            return;
        }
        audio(request.getAudioContent());
    }

    private void audio(ByteString content) {
        byte[] muLaw = pcm16 ? toMuLaw(content) : content.toByteArray();
        lastAudioNanos = System.nanoTime();
        audioBytes += muLaw.length;
        emulator.audioReceived(content.size());
        recognition.accept(muLaw, 0, muLaw.length);
        if (failure != null && audioBytes >= failure.afterBytes()) {
            fail(failure.status().withDescription("Injected failure after " + audioBytes / 8 + " ms of audio ("
                    + GoogleSttEmulator.NAME + ")"));
            emulator.failureInjected();
            return;
        }
        if (!config.getInterimResults() || audioBytes - lastInterimCheck < interimBytes()) {
            return;
        }
        lastInterimCheck = audioBytes;
        String text = recognition.interimTranscript();
        if (!text.isEmpty() && !text.equals(lastInterim)) {
            lastInterim = text;
            float stability = (float) Math.max(0.01, Math.min(0.9, recognition.progress() * 0.9));
            out.onNext(response(text, false, stability, 0f));
            emulator.interimSent();
        }
    }

    private long interimBytes() {
        return emulator.interimInterval().toMillis() * 8;
    }

    /** The client half-closed: the final result after the configured latency, then completion. */
    @Override
    public synchronized void onCompleted() {
        if (done || pendingFinal != null) {
            return;
        }
        if (config == null) {
            // Google answers a stream that never sent a config with nothing but completion
            done = true;
            out.onCompleted();
            emulator.streamClosed(this);
            return;
        }
        pendingFinal = emulator.scheduler().schedule(this::sendFinal, emulator.finalLatency().toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void sendFinal() {
        if (done) {
            return;
        }
        String text = recognition.finalTranscript();
        if (!text.isEmpty()) {
            out.onNext(response(text, true, 0f, 0.9f));
            emulator.finalSent(text);
        }
        done = true;
        out.onCompleted();
        emulator.streamClosed(this);
    }

    /** The client cancelled (or the transport broke). */
    @Override
    public synchronized void onError(Throwable t) {
        done = true;
        if (pendingFinal != null) {
            pendingFinal.cancel(false);
        }
        emulator.streamClosed(this);
    }

    /** Called by the emulator's sweep: Google's audio timeout and stream length limit. */
    synchronized void check(long now, long audioTimeoutNanos, long maxDurationNanos) {
        if (done || pendingFinal != null) {
            return;
        }
        if (maxDurationNanos > 0 && now - openedNanos > maxDurationNanos) {
            fail(Status.OUT_OF_RANGE.withDescription("Exceeded maximum allowed stream duration of "
                    + maxDurationNanos / 1_000_000_000L + " seconds."));
        } else if (audioTimeoutNanos > 0 && now - lastAudioNanos > audioTimeoutNanos) {
            fail(Status.OUT_OF_RANGE.withDescription(
                    "Audio Timeout Error: Long duration elapsed without audio. Audio should be sent close to real time."));
        }
    }

    /** Server shutting down. */
    synchronized void cancel() {
        if (!done) {
            fail(Status.UNAVAILABLE.withDescription(GoogleSttEmulator.NAME + " shutting down"));
        }
    }

    private void fail(Status status) {
        done = true;
        if (pendingFinal != null) {
            pendingFinal.cancel(false);
        }
        out.onError(status.asRuntimeException());
        emulator.streamClosed(this);
    }

    private StreamingRecognizeResponse response(String text, boolean isFinal, float stability, float confidence) {
        SpeechRecognitionAlternative.Builder alt = SpeechRecognitionAlternative.newBuilder().setTranscript(text);
        if (isFinal) {
            alt.setConfidence(confidence);
        }
        long ms = audioBytes / 8;
        StreamingRecognitionResult.Builder result = StreamingRecognitionResult.newBuilder()
                .addAlternatives(alt)
                .setIsFinal(isFinal)
                .setResultEndTime(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000))
                .setLanguageCode(language);
        if (!isFinal) {
            result.setStability(stability);
        }
        return StreamingRecognizeResponse.newBuilder().addResults(result).build();
    }

    /** Why Google (or this emulator, which only knows phone audio) would refuse the config; null when fine. */
    private static String problem(RecognitionConfig c) {
        if (c.getLanguageCode().isBlank()) {
            return "Invalid recognition 'config': language_code is required.";
        }
        if (c.getEncoding() != RecognitionConfig.AudioEncoding.MULAW
                && c.getEncoding() != RecognitionConfig.AudioEncoding.LINEAR16) {
            return "Invalid recognition 'config': encoding " + c.getEncoding() + " is not supported by "
                    + GoogleSttEmulator.NAME + " (MULAW or LINEAR16 at 8000 Hz).";
        }
        if (c.getSampleRateHertz() != MuLaw.SAMPLE_RATE) {
            return "Invalid recognition 'config': sample_rate_hertz " + c.getSampleRateHertz() + " is not supported by "
                    + GoogleSttEmulator.NAME + " (8000 Hz phone audio).";
        }
        if (c.getAudioChannelCount() > 1) {
            return "Invalid recognition 'config': audio_channel_count must be 1 for phone audio.";
        }
        return null;
    }

    private static byte[] toMuLaw(ByteString pcm) {
        byte[] raw = pcm.toByteArray();
        byte[] out = new byte[raw.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = MuLaw.encode((short) ((raw[2 * i] & 0xFF) | raw[2 * i + 1] << 8));
        }
        return out;
    }
}
