package io.voiceagents.gateway.support.stream;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * `stream` mode tests: the fakes stand in for speech-to-text, streaming replies, streaming synthesis, call
 * control, the live feed and (until the Silero detector is merged) voice activity. Enabled for this profile
 * only, so every other test gets the real adapters.
 */
public class StreamModeProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(EnergySpeechActivity.class, FakeSpeechToText.class, FakeConversationStreams.class,
                FakeStreamingSpeech.class, FakeCallControl.class, FakeLiveCallFeed.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // no re-prompt may interfere with a test's turns
        return Map.of("gateway.stream.silence-timeout", "60s");
    }
}
