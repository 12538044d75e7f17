package io.voiceagents.gateway.infra.google;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.cloud.speech.v1.RecognitionConfig;
import com.google.cloud.speech.v1.SpeechClient;
import com.google.cloud.speech.v1.SpeechSettings;
import com.google.cloud.speech.v1.StreamingRecognitionConfig;

import io.grpc.ManagedChannelBuilder;
import io.quarkus.runtime.StartupEvent;
import io.voiceagents.gateway.application.port.SpeechToText;
import io.voiceagents.gateway.application.port.SpeechToTextException;
import io.voiceagents.gateway.config.GatewayConfig;

/**
 * Google Cloud Speech-to-Text v1 streaming recognition through the official client. One client (one gRPC
 * channel, multiplexing every call's streams) for the service's life, created in the background at start and
 * retried on first use when that failed, so a credential problem shows as failed recognitions with a clear
 * message rather than a failed start. With STT_GOOGLE_PLAINTEXT the client talks to the sandbox emulator:
 * no TLS and no Application Default Credentials lookup.
 */
@ApplicationScoped
public class GoogleSpeechToText implements SpeechToText {

    private static final Logger LOG = Logger.getLogger(GoogleSpeechToText.class);
    /** Media Streams audio: G.711 mu-law, 8 kHz, mono. */
    static final int SAMPLE_RATE_HZ = 8000;

    private final GatewayConfig.Stt.Google config;
    private final Object clientLock = new Object();
    private volatile SpeechClient client;

    @Inject
    public GoogleSpeechToText(GatewayConfig config) {
        this(config.stt().google());
    }

    GoogleSpeechToText(GatewayConfig.Stt.Google config) {
        this.config = config;
    }

    @Override
    public Recognition open(Options options, Listener listener) {
        SpeechClient speech;
        try {
            speech = client();
        } catch (SpeechToTextException e) {
            listener.onError(e);
            return GoogleRecognition.closed();
        }
        ApiCallContext context = GrpcCallContext.createDefault().withTimeoutDuration(config.streamTimeout());
        return GoogleRecognition.start(speech.streamingRecognizeCallable(), context, streamingConfig(options), listener);
    }

    /** The first request of every stream: what the audio is and which results are wanted. */
    StreamingRecognitionConfig streamingConfig(Options options) {
        RecognitionConfig.Builder recognition = RecognitionConfig.newBuilder()
                .setEncoding(RecognitionConfig.AudioEncoding.MULAW)
                .setSampleRateHertz(SAMPLE_RATE_HZ)
                .setAudioChannelCount(1)
                .setLanguageCode(options.language() == null || options.language().isBlank() ? "en-US" : options.language())
                .setModel(config.model())
                .setUseEnhanced(config.enhanced())
                .setEnableAutomaticPunctuation(true);
        return StreamingRecognitionConfig.newBuilder()
                .setConfig(recognition)
                .setInterimResults(true)
                .build();
    }

    void warmUp(@Observes StartupEvent event) {
        Thread.ofVirtual().name("stt-google-client-warmup").start(() -> {
            try {
                client();
            } catch (RuntimeException e) {
                LOG.warnf("Google Speech-to-Text client not ready at start, will retry on first recognition: %s",
                        e.getMessage());
            }
        });
    }

    private SpeechClient client() {
        SpeechClient current = client;
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

    private SpeechClient createClient() {
        try {
            SpeechSettings.Builder settings = SpeechSettings.newBuilder().setEndpoint(config.endpoint());
            if (config.plaintext()) {
                settings.setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                                .setEndpoint(config.endpoint())
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                                .build());
            }
            SpeechClient created = SpeechClient.create(settings.build());
            LOG.infof("Google Speech-to-Text client connected to %s (%s), model %s", config.endpoint(),
                    config.plaintext() ? "plaintext, no credentials" : "TLS, Application Default Credentials",
                    config.model());
            return created;
        } catch (IOException | RuntimeException e) {
            throw new SpeechToTextException("cannot create the Google Speech-to-Text client for " + config.endpoint()
                    + ": " + e.getMessage() + " (set GOOGLE_APPLICATION_CREDENTIALS, or STT_GOOGLE_PLAINTEXT=true with "
                    + "STT_GOOGLE_ENDPOINT for the emulator)", true, e);
        }
    }

    @PreDestroy
    void close() {
        SpeechClient current = client;
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
