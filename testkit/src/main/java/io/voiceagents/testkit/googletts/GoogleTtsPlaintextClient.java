package io.voiceagents.testkit.googletts;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.TextToSpeechSettings;
import com.google.api.gax.rpc.StatusCode;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * How to point the official {@link TextToSpeechClient} at a plaintext endpoint without credentials (the
 * {@link GoogleTtsEmulator}). The three settings are all needed:
 * <ol>
 *   <li>{@code setEndpoint("127.0.0.1:port")} on the settings and on the channel provider;</li>
 *   <li>{@code NoCredentialsProvider} — otherwise the client looks for Application Default Credentials;</li>
 *   <li>an {@link InstantiatingGrpcChannelProvider} with {@code setChannelConfigurator(ManagedChannelBuilder::usePlaintext)}
 *       — otherwise the channel speaks TLS and the handshake with the emulator fails.</li>
 * </ol>
 * Real Google (TLS + ADC) needs none of this: {@code TextToSpeechClient.create()} or settings with only the endpoint.
 *
 * <p>Beware the client's default retry policy for SynthesizeSpeech: UNAVAILABLE and DEADLINE_EXCEEDED are retried
 * with backoff for up to 300 s. A caller with a latency budget must bound it, as
 * {@link #settings(String, Duration, boolean)} shows.
 */
public final class GoogleTtsPlaintextClient {

    private GoogleTtsPlaintextClient() {
    }

    /** Settings for a plaintext, credential-less endpoint such as {@code "127.0.0.1:9123"}. */
    public static TextToSpeechSettings settings(String endpoint) {
        try {
            return TextToSpeechSettings.newBuilder()
                    .setEndpoint(endpoint)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                            .setEndpoint(endpoint)
                            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                            .build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build Text-to-Speech settings for " + endpoint, e);
        }
    }

    /**
     * Plaintext settings whose SynthesizeSpeech calls give up after {@code totalTimeout} overall, retrying
     * UNAVAILABLE within that budget only when {@code retryUnavailable}.
     */
    public static TextToSpeechSettings settings(String endpoint, Duration totalTimeout, boolean retryUnavailable) {
        try {
            TextToSpeechSettings.Builder b = settings(endpoint).toBuilder();
            b.synthesizeSpeechSettings()
                    .setRetryableCodes(retryUnavailable ? Set.of(StatusCode.Code.UNAVAILABLE) : Set.of())
                    .setRetrySettings(b.synthesizeSpeechSettings().getRetrySettings().toBuilder()
                            .setTotalTimeoutDuration(totalTimeout)
                            .setInitialRpcTimeoutDuration(totalTimeout)
                            .setMaxRpcTimeoutDuration(totalTimeout)
                            .build());
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build Text-to-Speech settings for " + endpoint, e);
        }
    }

    /** A client for a plaintext, credential-less endpoint; close it after use. */
    public static TextToSpeechClient create(String endpoint) {
        try {
            return TextToSpeechClient.create(settings(endpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Text-to-Speech client for " + endpoint, e);
        }
    }
}
