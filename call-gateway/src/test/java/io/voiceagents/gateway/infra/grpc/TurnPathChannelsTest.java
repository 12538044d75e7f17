package io.voiceagents.gateway.infra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.domain.AgentVoice;
import io.voiceagents.gateway.support.FakeTtsService;

/** The turn path's own channel, over a real socket: addressed by the client settings, served by its own thread. */
class TurnPathChannelsTest {

    private final StreamTimer timer = new StreamTimer();
    private Server server;
    private TurnPathChannels channels;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new FakeTtsService())
                .build().start();
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "quarkus.grpc.clients.tts.host", "127.0.0.1",
                "quarkus.grpc.clients.tts.port", String.valueOf(server.getPort()),
                "quarkus.grpc.clients.tts.plain-text", "true",
                // nothing listens there: the agent channel must not connect before its first call
                "quarkus.grpc.clients.agent.port", "1"), "test", 500)).build();
        channels = new TurnPathChannels(config);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channels.close();
        server.shutdownNow().awaitTermination();
        timer.stop();
    }

    @Test
    void audioChunksArriveOnTheTurnPathsOwnNetworkThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Long> durations = new CopyOnWriteArrayList<>();
        StreamingSpeech speech = new GrpcStreamingSpeech(channels.tts(),
                GrpcStreamingSpeechTest.ttsConfig(Duration.ofSeconds(5)), timer);

        speech.synthesize("Hello there.", new AgentVoice("en-US-Neural2-F", "en-US"), new StreamingSpeech.AudioListener() {
            @Override
            public void onAudio(byte[] muLaw, boolean first, boolean cached, long providerFirstByteMs) {
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void onComplete(long durationMs) {
                durations.add(durationMs);
            }

            @Override
            public void onError(SpeechSynthesisException error) {
                threads.add("error: " + error.getMessage());
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> !durations.isEmpty());
        assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith(TurnPathChannels.THREAD_NAME), "turn-grpc-*");
    }
}
