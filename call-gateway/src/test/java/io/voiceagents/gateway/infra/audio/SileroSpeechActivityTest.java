package io.voiceagents.gateway.infra.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.gateway.application.port.SpeechActivity;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.testkit.speech.SpeechFixtures;

/** The real Silero model behind the port, with windows run at once on the call's thread or batched across calls. */
class SileroSpeechActivityTest {

    @ParameterizedTest(name = "batch gather {0} ms")
    @ValueSource(ints = {0, 10})
    void aSpokenQuestionBetweenLineNoiseIsOneTurn(int gatherMillis) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SileroSpeechActivity activity = new SileroSpeechActivity(config(Duration.ofMillis(gatherMillis)), registry);
        try {
            List<TurnEvent> events = new ArrayList<>();
            SpeechActivity.Tracker first = activity.newTracker(TurnSettings.defaults());
            SpeechActivity.Tracker second = activity.newTracker(TurnSettings.defaults());
            byte[] noise = SpeechFixtures.get(SpeechFixtures.LINE_NOISE).muLaw();
            byte[] question = SpeechFixtures.get(SpeechFixtures.OPENING_HOURS).muLaw();
            byte[] call = concat(noise, question, noise);
            short[] pcm = new short[MuLaw.FRAME_BYTES];
            for (int at = 0; at + MuLaw.FRAME_BYTES <= call.length; at += MuLaw.FRAME_BYTES) {
                MuLaw.decode(call, at, MuLaw.FRAME_BYTES, pcm, 0);
                TurnEvent event = first.onFrame(pcm, 0);
                second.onFrame(pcm, 0); // a second call in the same batches
                if (event != TurnEvent.NONE) {
                    events.add(event);
                }
                if (gatherMillis > 0) {
                    Thread.sleep(MuLaw.FRAME_MILLIS / 4); // a quarter of real time: the batcher keeps up
                }
            }
            assertThat(events).containsExactly(TurnEvent.SPEECH_STARTED, TurnEvent.TURN_ENDED);
            if (gatherMillis > 0) {
                double windows = registry.get("gateway.vad.windows").functionCounter().count();
                double batches = registry.get("gateway.vad.batches").functionCounter().count();
                assertThat(windows).isGreaterThan(batches); // the two calls' windows shared inferences
            } else {
                assertThat(registry.find("gateway.vad.windows").functionCounter()).isNull();
            }
        } finally {
            activity.close();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static GatewayConfig config(Duration gather) {
        GatewayConfig.Vad vad = proxy(GatewayConfig.Vad.class, name -> name.equals("batchGather") ? gather : null);
        GatewayConfig.Stream stream = proxy(GatewayConfig.Stream.class, name -> name.equals("vad") ? vad : null);
        return proxy(GatewayConfig.class, name -> name.equals("stream") ? stream : null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> values.apply(method.getName()));
    }
}
