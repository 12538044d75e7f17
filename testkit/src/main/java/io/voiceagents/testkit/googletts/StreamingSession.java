package io.voiceagents.testkit.googletts;

import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.StreamingAudioConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeRequest;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.voiceagents.audio.MuLaw;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code StreamingSynthesize} call: validates the first message (the config) as Google does, turns every
 * following text input into audio and sends it back in chunks, paced on a scheduler so no gRPC thread sleeps.
 * Everything that touches the response stream holds this object's lock: the handler thread (client messages,
 * cancellation) and the scheduler thread (chunks) would otherwise interleave.
 */
final class StreamingSession implements StreamObserver<StreamingSynthesizeRequest> {

    /** What the emulator's switches said when the stream opened: later changes do not affect it. */
    record Plan(long firstByteLatencyNanos, int chunkMillis, double pace, int failAfterChunks, int failAtStart) {
    }

    /** Sample rate of Chirp 3: HD voices, used when the config leaves {@code sample_rate_hertz} at 0. */
    static final int NATIVE_SAMPLE_RATE = 24_000;

    private final GoogleTtsEmulator emulator;
    private final ServerCallStreamObserver<StreamingSynthesizeResponse> out;
    private final ScheduledExecutorService scheduler;
    private final Plan plan;
    // audio produced and not sent yet: pending[sent..produced)
    private byte[] pending = new byte[0];
    private int produced;
    private int sent;
    private StreamingAudioConfig audio;
    private int sampleRate;
    private int bytesPerChunk;
    private boolean halfClosed;
    private boolean finished;
    private boolean firstChunkSent;
    private int chunksSent;
    private ScheduledFuture<?> next;

    StreamingSession(GoogleTtsEmulator emulator, StreamObserver<StreamingSynthesizeResponse> out,
                     ScheduledExecutorService scheduler, Plan plan) {
        this.emulator = emulator;
        this.out = (ServerCallStreamObserver<StreamingSynthesizeResponse>) out;
        this.scheduler = scheduler;
        this.plan = plan;
        this.out.setOnCancelHandler(this::cancelledByClient);
    }

    @Override
    public synchronized void onNext(StreamingSynthesizeRequest request) {
        if (finished) {
            return;
        }
        if (audio == null) {
            configure(request);
            return;
        }
        if (request.hasStreamingConfig()) {
            fail(Status.INVALID_ARGUMENT, "streaming_config may only be sent in the first request of a stream.");
            return;
        }
        String text = request.getInput().getText().isEmpty() ? request.getInput().getMarkup() : request.getInput().getText();
        if (text.isBlank()) {
            fail(Status.INVALID_ARGUMENT, "Either `input.text` or `input.markup` needs to be set.");
            return;
        }
        byte[] samples = encode(ToneSynthesizer.synthesize(text.strip(), sampleRate, audio.getSpeakingRate()));
        if (produced + samples.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, produced + samples.length));
        }
        System.arraycopy(samples, 0, pending, produced, samples.length);
        produced += samples.length;
        if (next == null) {
            long delay = firstChunkSent ? 0 : plan.firstByteLatencyNanos();
            schedule(delay);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        // the client ended its side with an error: gRPC cancels the call, handled by the cancel handler
        stop();
    }

    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        if (finished) {
            return;
        }
        if (audio == null) {
            fail(Status.INVALID_ARGUMENT, "The stream ended before a streaming_config was sent.");
            return;
        }
        if (next == null && sent == produced) {
            finish();
        }
    }

    private void configure(StreamingSynthesizeRequest request) {
        if (!request.hasStreamingConfig()) {
            fail(Status.INVALID_ARGUMENT, "The first request of a stream must contain streaming_config and no input.");
            return;
        }
        StreamingSynthesizeConfig config = request.getStreamingConfig();
        emulator.streamOpened(config);
        String voice = config.getVoice().getName();
        if (!GoogleTtsEmulator.supportsStreaming(voice)) {
            // the real wording of this rejection is not documented; the code (INVALID_ARGUMENT) is what matters
            fail(Status.INVALID_ARGUMENT, "Voice '" + voice + "' does not support streaming synthesis; "
                    + "streaming is available for Chirp 3: HD voices (e.g. en-US-Chirp3-HD-Kore).");
            return;
        }
        StreamingAudioConfig requested = config.getStreamingAudioConfig();
        AudioEncoding encoding = requested.getAudioEncoding();
        if (encoding != AudioEncoding.PCM && encoding != AudioEncoding.MULAW) {
            fail(Status.INVALID_ARGUMENT, "Streaming supports PCM, ALAW, MULAW and OGG_OPUS; "
                    + GoogleTtsEmulator.NAME + " emulates PCM and MULAW only, got " + encoding + ".");
            return;
        }
        if (plan.failAtStart() != 0) {
            fail(Status.fromCodeValue(plan.failAtStart()), "Injected failure (" + GoogleTtsEmulator.NAME + ")");
            return;
        }
        audio = requested;
        sampleRate = requested.getSampleRateHertz() > 0 ? requested.getSampleRateHertz() : NATIVE_SAMPLE_RATE;
        int bytesPerSample = encoding == AudioEncoding.PCM ? 2 : 1;
        bytesPerChunk = Math.max(bytesPerSample, sampleRate * plan.chunkMillis() / 1000 * bytesPerSample);
    }

    private byte[] encode(short[] pcm) {
        if (audio.getAudioEncoding() == AudioEncoding.MULAW) {
            // headerless, as streamed audio is: a WAV header per chunk would be noise in the middle of the stream
            return MuLaw.encode(pcm);
        }
        byte[] le = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            le[2 * i] = (byte) pcm[i];
            le[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        return le;
    }

    private void schedule(long delayNanos) {
        next = scheduler.schedule(this::sendChunk, delayNanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void sendChunk() {
        next = null;
        if (finished) {
            return;
        }
        if (plan.failAfterChunks() >= 0 && chunksSent >= plan.failAfterChunks()) {
            fail(Status.UNAVAILABLE, "Injected failure after " + chunksSent + " chunk(s) (" + GoogleTtsEmulator.NAME + ")");
            return;
        }
        int size = Math.min(bytesPerChunk, produced - sent);
        out.onNext(StreamingSynthesizeResponse.newBuilder().setAudioContent(ByteString.copyFrom(pending, sent, size)).build());
        sent += size;
        firstChunkSent = true;
        chunksSent++;
        emulator.chunkSent();
        if (sent < produced) {
            // the model produces audio faster than real time by the pace factor
            long audioNanos = TimeUnit.MILLISECONDS.toNanos(size * 1000L / bytesPerSecond());
            schedule(plan.pace() <= 0 ? 0 : (long) (audioNanos / plan.pace()));
        } else if (halfClosed) {
            finish();
        }
    }

    private int bytesPerSecond() {
        return sampleRate * (audio.getAudioEncoding() == AudioEncoding.PCM ? 2 : 1);
    }

    private void finish() {
        finished = true;
        out.onCompleted();
        emulator.streamEnded(GoogleTtsEmulator.StreamEnd.COMPLETED);
    }

    private void fail(Status status, String description) {
        stop();
        out.onError(status.withDescription(description).asRuntimeException());
        emulator.streamEnded(GoogleTtsEmulator.StreamEnd.FAILED);
    }

    private synchronized void cancelledByClient() {
        if (finished) {
            return;
        }
        stop();
        emulator.streamEnded(GoogleTtsEmulator.StreamEnd.CANCELLED);
    }

    private void stop() {
        finished = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
