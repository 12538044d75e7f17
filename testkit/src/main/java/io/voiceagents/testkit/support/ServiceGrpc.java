package io.voiceagents.testkit.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * For {@code @QuarkusTest}s of a service that serves gRPC on a port of its own: a plain-text channel to the service
 * under test, at its {@code quarkus.grpc.server.test-port} (not the HTTP port).
 */
public final class ServiceGrpc {

    private ServiceGrpc() {
    }

    public static ManagedChannel channel() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }
}
