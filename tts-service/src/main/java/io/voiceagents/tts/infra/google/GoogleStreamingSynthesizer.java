package io.voiceagents.tts.infra.google;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;
import io.voiceagents.tts.config.TtsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Streaming synthesis with Google: StreamingSynthesize for the voices Google streams (Chirp 3: HD, by default;
 * {@code tts.google.streaming-voices}), SynthesizeSpeech for the others. Both are asynchronous gRPC calls on the
 * shared client, so starting one never blocks, unless the client does not exist yet (its creation failed at
 * start): then it is created on a virtual thread first. No retries here: the use case decides, knowing whether
 * audio was already sent.
 */
@ApplicationScoped
public class GoogleStreamingSynthesizer implements StreamingSpeechSynthesizer {

    private final GoogleTtsClients clients;
    private final Pattern streamingVoices;
    private final ExecutorService opener =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tts-google-open-", 0).factory());

    public GoogleStreamingSynthesizer(GoogleTtsClients clients, TtsConfig config) {
        this.clients = clients;
        this.streamingVoices = Pattern.compile(config.google().streamingVoices());
    }

    @Override
    public boolean streams(String voice) {
        return streamingVoices.matcher(voice).matches();
    }

    @Override
    public ProviderStream start(SynthesisRequest request, AudioSink sink) {
        GoogleAudioCall call = streams(request.voice())
                ? new GoogleStreamingCall(request, sink)
                : new GoogleUnaryCall(request, sink);
        TextToSpeechClient client = clients.readyClient();
        if (client != null) {
            call.open(client);
            return call;
        }
        try {
            opener.execute(() -> {
                try {
                    call.open(clients.client());
                } catch (RuntimeException e) {
                    call.failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            call.failed(new SynthesisFailedException("tts-service is shutting down", e));
        }
        return call;
    }

    @PreDestroy
    void close() {
        opener.shutdownNow();
    }
}
