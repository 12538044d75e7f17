package io.voiceagents.tts.infra.google;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SynthesisInput;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.TextToSpeechSettings;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import io.grpc.ManagedChannelBuilder;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.tts.application.port.SpeechSynthesizer;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;
import io.voiceagents.tts.application.port.SynthesizedAudio;
import io.voiceagents.tts.application.port.TransientSynthesisException;
import io.voiceagents.tts.config.TtsConfig;
import io.voiceagents.tts.domain.AudioFormat;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Google Cloud Text-to-Speech through the official client. One client (one gRPC channel) for the service's
 * life, created on first use so a missing credential shows up as a failed synthesis rather than a failed start.
 * Only transient failures are retried, briefly: a caller is waiting on the line.
 */
@ApplicationScoped
public class GoogleSpeechSynthesizer implements SpeechSynthesizer {

    private static final Logger LOG = Logger.getLogger(GoogleSpeechSynthesizer.class);

    private final TtsConfig config;
    private final Object clientLock = new Object();
    private volatile TextToSpeechClient client;

    public GoogleSpeechSynthesizer(TtsConfig config) {
        this.config = config;
    }

    @Override
    @Retry(maxRetries = 2, delay = 100, jitter = 50, maxDuration = 20_000,
            retryOn = TransientSynthesisException.class)
    public SynthesizedAudio synthesize(SynthesisRequest request) {
        if (request.format() != AudioFormat.WAV_MULAW_8K) {
            throw new SynthesisFailedException("Google TTS adapter cannot produce " + request.format());
        }
        SynthesizeSpeechRequest googleRequest = SynthesizeSpeechRequest.newBuilder()
                .setInput(SynthesisInput.newBuilder().setText(request.text()))
                .setVoice(VoiceSelectionParams.newBuilder()
                        .setName(request.voice())
                        .setLanguageCode(request.language()))
                .setAudioConfig(AudioConfig.newBuilder()
                        .setAudioEncoding(AudioEncoding.MULAW)
                        .setSampleRateHertz(MuLaw.SAMPLE_RATE))
                .build();
        byte[] audio;
        try {
            audio = client().synthesizeSpeech(googleRequest).getAudioContent().toByteArray();
        } catch (ApiException e) {
            throw GoogleErrors.classify(e);
        }
        return GoogleAudio.toWavMuLaw8k(audio);
    }

    /**
     * Creates the client (credentials, channel) in the background at start, so the first caller does not pay
     * for it. A failure here is not fatal: the next synthesis tries again and reports it.
     */
    void warmUp(@Observes StartupEvent event) {
        Thread.ofVirtual().name("tts-google-client-warmup").start(() -> {
            try {
                client();
            } catch (RuntimeException e) {
                LOG.warnf("Google TTS client not ready at start, will retry on first synthesis: %s", e.getMessage());
            }
        });
    }

    private TextToSpeechClient client() {
        TextToSpeechClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (clientLock) {
            if (client == null) {
                client = createClient();
            }
            return client;
        }
    }

    private TextToSpeechClient createClient() {
        TtsConfig.Google google = config.google();
        try {
            TextToSpeechSettings.Builder settings = TextToSpeechSettings.newBuilder().setEndpoint(google.endpoint());
            if (google.plaintext()) {
                // the emulator: no TLS, and no Application Default Credentials lookup
                settings.setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                                .setEndpoint(google.endpoint())
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                                .build());
            }
            // retries are ours (@Retry, transient errors only); gax would otherwise retry for up to 300 s
            settings.synthesizeSpeechSettings().setSimpleTimeoutNoRetriesDuration(google.requestTimeout());
            TextToSpeechClient created = TextToSpeechClient.create(settings.build());
            LOG.infof("Google TTS client connected to %s (%s)", google.endpoint(),
                    google.plaintext() ? "plaintext, no credentials" : "TLS, Application Default Credentials");
            return created;
        } catch (IOException | RuntimeException e) {
            throw new SynthesisFailedException("cannot create the Google TTS client for " + google.endpoint()
                    + ": " + e.getMessage() + " (set GOOGLE_APPLICATION_CREDENTIALS, or TTS_GOOGLE_PLAINTEXT=true "
                    + "with TTS_GOOGLE_ENDPOINT for the emulator)", e);
        }
    }

    @PreDestroy
    void close() {
        TextToSpeechClient current = client;
        if (current == null) {
            return;
        }
        current.close();
        try {
            if (!current.awaitTermination(5, TimeUnit.SECONDS)) {
                current.shutdownNow();
            }
        } catch (InterruptedException e) {
            current.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
