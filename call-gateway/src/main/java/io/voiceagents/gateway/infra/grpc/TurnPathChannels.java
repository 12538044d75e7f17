package io.voiceagents.gateway.infra.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The gRPC channels of a turn's critical path — StreamReply to agent-service and StreamSynthesize to tts-service —
 * on a network thread of their own. Quarkus's gRPC clients share Vert.x's event loops, which in call-gateway also
 * carry every call's media WebSocket: a reply token or an audio chunk would wait behind other calls' frames, on
 * both its way out and its way back. This thread carries only turn traffic (a few thousand small messages a
 * second at 150 calls) and runs at high priority, where the process may raise priorities.
 *
 * <p>The address and transport come from the same settings as the Quarkus clients
 * ({@code quarkus.grpc.clients.agent|tts.host}, {@code .port}, {@code .plain-text}); channels connect on first use.
 */
@ApplicationScoped
public class TurnPathChannels {

    private static final Logger LOG = Logger.getLogger(TurnPathChannels.class);

    /** Name prefix of the network thread. */
    static final String THREAD_NAME = "turn-grpc";

    private final EventLoopGroup network = new NioEventLoopGroup(1,
            new DefaultThreadFactory(THREAD_NAME, true, Thread.MAX_PRIORITY));
    private final ManagedChannel agent;
    private final ManagedChannel tts;

    public TurnPathChannels() {
        this(ConfigProvider.getConfig());
    }

    TurnPathChannels(Config config) {
        this.agent = channel(config, "agent");
        this.tts = channel(config, "tts");
    }

    public ManagedChannel agent() {
        return agent;
    }

    public ManagedChannel tts() {
        return tts;
    }

    private ManagedChannel channel(Config config, String client) {
        String prefix = "quarkus.grpc.clients." + client + ".";
        String host = config.getOptionalValue(prefix + "host", String.class).orElse("localhost");
        int port = config.getOptionalValue(prefix + "port", Integer.class).orElse(9000);
        boolean plainText = config.getOptionalValue(prefix + "plain-text", Boolean.class).orElse(true);
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port)
                .eventLoopGroup(network)
                .channelType(NioSocketChannel.class)
                // callers hand every message to a call's session themselves: no executor hop in gRPC
                .directExecutor();
        if (plainText) {
            builder.usePlaintext();
        } else {
            builder.useTransportSecurity();
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        agent.shutdownNow();
        tts.shutdownNow();
        try {
            if (!agent.awaitTermination(2, TimeUnit.SECONDS) || !tts.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("turn-path gRPC channels did not terminate within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        network.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
