package io.voiceagents.gateway.infra.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/** A fake gRPC service served in-process, with a channel to it: the adapters' real stubs, no sockets. */
final class InProcessBackend implements AutoCloseable {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Server server;
    final ManagedChannel channel;

    InProcessBackend(BindableService service) {
        String name = "fake-" + UUID.randomUUID();
        try {
            server = InProcessServerBuilder.forName(name).executor(executor).addService(service).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        executor.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
