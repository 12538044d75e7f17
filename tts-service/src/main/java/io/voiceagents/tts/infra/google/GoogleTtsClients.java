package io.voiceagents.tts.infra.google;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.TextToSpeechSettings;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.runtime.StartupEvent;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.config.TtsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The one Google Text-to-Speech client (one gRPC channel) of the service, shared by unary and streaming
 * synthesis. Created in the background at start so the first caller does not pay for credentials and channel;
 * a failure then is not fatal: the next synthesis tries again and reports it.
 */
@ApplicationScoped
public class GoogleTtsClients {

    private static final Logger LOG = Logger.getLogger(GoogleTtsClients.class);

    private final TtsConfig config;
    private final Object lock = new Object();
    private volatile TextToSpeechClient client;

    public GoogleTtsClients(TtsConfig config) {
        this.config = config;
    }

    void warmUp(@Observes StartupEvent event) {
        Thread.ofVirtual().name("tts-google-client-warmup").start(() -> {
            try {
                client();
            } catch (RuntimeException e) {
                LOG.warnf("Google TTS client not ready at start, will retry on first synthesis: %s", e.getMessage());
            }
        });
    }

    /** The client, created now if needed: may block on credentials, so never call it on the event loop. */
    TextToSpeechClient client() {
        TextToSpeechClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            if (client == null) {
                client = create();
            }
            return client;
        }
    }

    /** The client if it exists already, else null: for callers that must not block. */
    TextToSpeechClient readyClient() {
        return client;
    }

    private TextToSpeechClient create() {
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
            // retries are ours (transient errors only); gax would otherwise retry for up to 300 s
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
