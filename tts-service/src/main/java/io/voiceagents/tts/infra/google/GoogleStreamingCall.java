package io.voiceagents.tts.infra.google;

import com.google.api.gax.rpc.ClientStream;
import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StreamController;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.StreamingAudioConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesisInput;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeConfig;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeRequest;
import com.google.cloud.texttospeech.v1.StreamingSynthesizeResponse;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer.AudioSink;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;

/**
 * Google's bidirectional StreamingSynthesize for one sentence: the config (voice, MULAW at 8 kHz, which
 * streaming supports, so no resampling is needed), the text, then half-close; audio is forwarded as each
 * response arrives. gax calls the observer methods one at a time.
 */
final class GoogleStreamingCall extends GoogleAudioCall implements ResponseObserver<StreamingSynthesizeResponse> {

    private volatile StreamController controller;
    private boolean firstResponse = true;

    GoogleStreamingCall(SynthesisRequest request, AudioSink sink) {
        super(request, sink);
    }

    @Override
    void open(TextToSpeechClient client) {
        if (cancelled) {
            return;
        }
        try {
            ClientStream<StreamingSynthesizeRequest> requests = client.streamingSynthesizeCallable().splitCall(this);
            requests.send(config(request));
            requests.send(StreamingSynthesizeRequest.newBuilder()
                    .setInput(StreamingSynthesisInput.newBuilder().setText(request.text()))
                    .build());
            requests.closeSend();
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        if (cancelled) {
            // cancelled while the call was being opened, before a controller could stop it
            stop();
        }
    }

    static StreamingSynthesizeRequest config(SynthesisRequest request) {
        return StreamingSynthesizeRequest.newBuilder()
                .setStreamingConfig(StreamingSynthesizeConfig.newBuilder()
                        .setVoice(VoiceSelectionParams.newBuilder()
                                .setName(request.voice())
                                .setLanguageCode(request.language()))
                        .setStreamingAudioConfig(StreamingAudioConfig.newBuilder()
                                .setAudioEncoding(AudioEncoding.MULAW)
                                .setSampleRateHertz(MuLaw.SAMPLE_RATE)))
                .build();
    }

    @Override
    protected void stop() {
        StreamController current = controller;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onStart(StreamController streamController) {
        controller = streamController;
    }

    @Override
    public void onResponse(StreamingSynthesizeResponse response) {
        byte[] audio = response.getAudioContent().toByteArray();
        if (firstResponse && audio.length > 0) {
            firstResponse = false;
            try {
                audio = GoogleAudio.withoutStreamHeader(audio);
            } catch (SynthesisFailedException e) {
                fail(e);
                cancel();
                return;
            }
        }
        deliver(audio);
    }

    @Override
    public void onError(Throwable t) {
        fail(GoogleErrors.classify(t));
    }

    @Override
    public void onComplete() {
        complete();
    }
}
