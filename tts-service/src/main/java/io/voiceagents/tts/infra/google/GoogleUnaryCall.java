package io.voiceagents.tts.infra.google;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechResponse;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.common.util.concurrent.MoreExecutors;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer.AudioSink;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;

/**
 * SynthesizeSpeech (MULAW 8 kHz) for voices Google does not stream: the whole sentence arrives at once and goes
 * to the sink as one piece, header removed. The client's deadline for SynthesizeSpeech applies; no retries here.
 */
final class GoogleUnaryCall extends GoogleAudioCall implements ApiFutureCallback<SynthesizeSpeechResponse> {

    private volatile ApiFuture<SynthesizeSpeechResponse> future;

    GoogleUnaryCall(SynthesisRequest request, AudioSink sink) {
        super(request, sink);
    }

    @Override
    void open(TextToSpeechClient client) {
        if (cancelled) {
            return;
        }
        try {
            future = client.synthesizeSpeechCallable().futureCall(GoogleSpeechSynthesizer.muLaw8k(request));
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        // the callback only hands bytes over: it may run on the gRPC thread that completed the call
        ApiFutures.addCallback(future, this, MoreExecutors.directExecutor());
        if (cancelled) {
            stop();
        }
    }

    @Override
    protected void stop() {
        ApiFuture<SynthesizeSpeechResponse> current = future;
        if (current != null) {
            current.cancel(true);
        }
    }

    @Override
    public void onSuccess(SynthesizeSpeechResponse response) {
        byte[] samples;
        try {
            samples = GoogleAudio.muLaw8kSamples(response.getAudioContent().toByteArray());
        } catch (SynthesisFailedException e) {
            fail(e);
            return;
        }
        deliver(samples);
        complete();
    }

    @Override
    public void onFailure(Throwable t) {
        fail(GoogleErrors.classify(t));
    }
}
