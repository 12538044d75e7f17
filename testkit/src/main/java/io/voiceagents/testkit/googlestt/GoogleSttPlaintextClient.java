package io.voiceagents.testkit.googlestt;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.speech.v1.SpeechClient;
import com.google.cloud.speech.v1.SpeechSettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How to point the official {@link SpeechClient} (v1) at a plaintext endpoint without credentials (the
 * {@link GoogleSttEmulator}): the endpoint on the settings and on the channel provider, {@code NoCredentialsProvider}
 * (otherwise the client looks for Application Default Credentials) and a plaintext channel (otherwise it speaks TLS).
 * Real Google needs none of this. Streaming calls ({@code streamingRecognizeCallable()}) are not retried by the
 * client, so an adapter sees a failed stream at once.
 */
public final class GoogleSttPlaintextClient {

    private GoogleSttPlaintextClient() {
    }

    /** Settings for a plaintext, credential-less endpoint such as {@code "127.0.0.1:9124"}. */
    public static SpeechSettings settings(String endpoint) {
        try {
            return SpeechSettings.newBuilder()
                    .setEndpoint(endpoint)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                            .setEndpoint(endpoint)
                            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                            .build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build Speech settings for " + endpoint, e);
        }
    }

    /** A client for a plaintext, credential-less endpoint; close it after use. */
    public static SpeechClient create(String endpoint) {
        try {
            return SpeechClient.create(settings(endpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Speech client for " + endpoint, e);
        }
    }
}
