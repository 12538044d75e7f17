package io.voiceagents.testkit.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTimelineTest {

    private static final long MS = 1_000_000L;
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** A call created at {@code createdMs} and ended at {@code endedMs} (negative: still live). */
    private static CallTimeline.Lifetime call(String to, long createdMs, long endedMs) {
        return new CallTimeline.Lifetime("CA" + to + createdMs, to, "+15005550006", T0.plusMillis(createdMs), createdMs * MS,
                endedMs < 0 ? CallTimeline.NOT_ENDED : endedMs * MS, endedMs < 0 ? "in-progress" : "completed");
    }

    @Test
    void slidingWindowCountsTheBusiestStretch() {
        // 100 ms apart, then a burst of 4 within 30 ms
        List<CallTimeline.Lifetime> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(call("+1415555010" + i, i * 100L, -1));
        }
        for (int i = 0; i < 4; i++) {
            calls.add(call("+1415555020" + i, 2000 + i * 10L, -1));
        }
        CallTimeline t = new CallTimeline(calls);
        assertThat(t.maxCreationsWithin(Duration.ofMillis(100))).isEqualTo(4);
        assertThat(t.maxCreationsWithin(Duration.ofMillis(30))).isEqualTo(3);
        assertThat(t.maxCreationsWithin(Duration.ofMillis(101))).isEqualTo(4);
        // creations exactly one window apart are not in the same window
        assertThat(new CallTimeline(calls.subList(0, 10)).maxCreationsWithin(Duration.ofMillis(100))).isEqualTo(1);
        assertThat(new CallTimeline(calls.subList(0, 10)).maxCreationsWithin(Duration.ofMillis(250))).isEqualTo(3);
        assertThat(t.maxCreationsWithin(Duration.ofSeconds(1))).isEqualTo(10);
        assertThat(t.minGapBetweenCreations()).isEqualTo(Duration.ofMillis(10));
        assertThat(t.creationSpan()).isEqualTo(Duration.ofMillis(2030));
        assertThat(t.creationsPerSecond()).isCloseTo(13 / 2.03, org.assertj.core.data.Offset.offset(0.001));
        assertThat(new CallTimeline(List.of()).maxCreationsWithin(Duration.ofSeconds(1))).isZero();
        assertThat(new CallTimeline(List.of()).minGapBetweenCreations()).isNull();
    }

    @Test
    void duplicatesAndPerNumberCounts() {
        CallTimeline t = new CallTimeline(List.of(call("+14155550100", 0, 5), call("+14155550101", 1, 6),
                call("+14155550100", 2, 7), call("+14155550100", 3, -1)));
        assertThat(t.creationsPerTo()).containsExactly(Map.entry("+14155550100", 3), Map.entry("+14155550101", 1));
        assertThat(t.duplicateTos()).containsExactly(Map.entry("+14155550100", 3));
        assertThat(new CallTimeline(List.of(call("+14155550100", 0, 5))).duplicateTos()).isEmpty();
    }

    @Test
    void concurrencyOverTime() {
        // [0,100) [50,150) [100,200) [120, live)
        CallTimeline t = new CallTimeline(List.of(call("+1", 0, 100), call("+2", 50, 150), call("+3", 100, 200),
                call("+4", 120, -1)));
        assertThat(t.maxConcurrent()).as("an end and a start at the same instant do not overlap").isEqualTo(3);
        assertThat(t.live()).isEqualTo(1);
        assertThat(t.concurrencyOverTime()).extracting(CallTimeline.ConcurrencyPoint::live)
                .containsExactly(1, 2, 1, 2, 3, 2, 1);
        assertThat(t.concurrencyOverTime().get(1).at()).isEqualTo(T0.plusMillis(50));
        assertThat(t.calls().get(0).duration()).isEqualTo(Duration.ofMillis(100));
        assertThat(t.calls().get(3).duration()).isNull();
    }

    @Test
    void theEmulatorRecordsPreciseCreationAndEndInstants() throws Exception {
        try (TwilioRestEmulator emulator = TwilioRestEmulator.start(0)) {
            List<String> sids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sids.add(Call.creator(new PhoneNumber("+1415555030" + (i % 2)), new PhoneNumber("+15005550006"),
                        URI.create("https://example.test/v")).create(emulator.restClient()).getSid());
                Thread.sleep(30);
            }
            emulator.setStatus(sids.get(0), "completed");
            CallTimeline t = emulator.timeline();
            assertThat(t.calls()).extracting(CallTimeline.Lifetime::sid).containsExactlyElementsOf(sids);
            assertThat(emulator.createdCalls()).extracting(RestCall::sid).containsExactlyElementsOf(sids);
            assertThat(t.minGapBetweenCreations()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(t.maxCreationsWithin(Duration.ofMillis(25))).isEqualTo(1);
            assertThat(Duration.between(t.calls().get(0).createdAt(), t.calls().get(1).createdAt()))
                    .as("sub-second precision").isBetween(Duration.ofMillis(30), Duration.ofSeconds(2));
            assertThat(emulator.createdCalls().get(1).createdAt()).isEqualTo(t.calls().get(1).createdAt());
            assertThat(t.duplicateTos()).containsExactly(Map.entry("+14155550300", 2));
            assertThat(t.calls().get(0).ended()).isTrue();
            assertThat(t.live()).isEqualTo(2);
            assertThat(t.maxConcurrent()).isEqualTo(3);
        }
    }
}
