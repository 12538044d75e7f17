package io.voiceagents.tts.infra.google;

import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer.AudioSink;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer.ProviderStream;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;

/**
 * One provider request of {@link GoogleStreamingSynthesizer}. Once cancelled it tells the sink nothing more:
 * the caller has gone, and Google's answer to the cancellation (CANCELLED) is not a failure.
 */
abstract class GoogleAudioCall implements ProviderStream {

    protected final SynthesisRequest request;
    protected final AudioSink sink;
    protected volatile boolean cancelled;

    GoogleAudioCall(SynthesisRequest request, AudioSink sink) {
        this.request = request;
        this.sink = sink;
    }

    /** Sends the request; never waits for the answer. */
    abstract void open(TextToSpeechClient client);

    /** Stops the request on the wire; {@link #cancelled} is already set. */
    protected abstract void stop();

    @Override
    public final void cancel() {
        if (!cancelled) {
            cancelled = true;
            stop();
        }
    }

    /** The request could not even be sent (no client, bad state). */
    final void failed(Throwable t) {
        if (!cancelled) {
            sink.onError(GoogleErrors.classify(t));
        }
    }

    protected final void deliver(byte[] audio) {
        if (!cancelled && audio.length > 0) {
            sink.onAudio(audio);
        }
    }

    protected final void complete() {
        if (!cancelled) {
            sink.onComplete();
        }
    }

    protected final void fail(SynthesisFailedException error) {
        if (!cancelled) {
            sink.onError(error);
        }
    }
}
