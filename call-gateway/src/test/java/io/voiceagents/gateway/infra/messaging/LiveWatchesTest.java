package io.voiceagents.gateway.infra.messaging;

import static io.voiceagents.gateway.domain.LiveCallEvent.Type.AGENT_DONE;
import static io.voiceagents.gateway.domain.LiveCallEvent.Type.AGENT_TEXT;
import static io.voiceagents.gateway.domain.LiveCallEvent.Type.CALLER_FINAL;
import static io.voiceagents.gateway.domain.LiveCallEvent.Type.CALLER_INTERIM;
import static io.voiceagents.gateway.domain.LiveCallEvent.Type.CALLER_SPEAKING;
import static io.voiceagents.gateway.infra.messaging.LiveWatches.Verdict.PUBLISH;
import static io.voiceagents.gateway.infra.messaging.LiveWatches.Verdict.THROTTLED;
import static io.voiceagents.gateway.infra.messaging.LiveWatches.Verdict.UNWATCHED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.config.GatewayConfigCheck;
import io.voiceagents.gateway.domain.LiveCallEvent;

/** Which calls are watched, by leases read from the live topic, and how often interim text goes out. */
class LiveWatchesTest {

    private static final Duration LEASE = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-10T10:00:00Z"));
    private final LiveWatches watches = new LiveWatches(clock, Duration.ofMillis(200));

    @Test
    void onlyTheStreamingTypesDependOnSomeoneWatching() {
        assertThat(Arrays.stream(LiveCallEvent.Type.values()).filter(LiveCallEvent.Type::streaming))
                .containsExactlyInAnyOrder(CALLER_INTERIM, AGENT_TEXT);
        for (LiveCallEvent.Type type : LiveCallEvent.Type.values()) {
            assertThat(watches.verdict(type, "CA1")).as(type.name()).isEqualTo(type.streaming() ? UNWATCHED : PUBLISH);
        }
    }

    @Test
    void aWatchHoldsForItsLeaseAndARenewalExtendsIt() {
        watches.renew("CA1", "replica-a", LEASE);
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).isEqualTo(PUBLISH);
        assertThat(watches.verdict(AGENT_TEXT, "CA2")).as("another call").isEqualTo(UNWATCHED);

        clock.advance(Duration.ofSeconds(40));
        watches.renew("CA1", "replica-a", LEASE);
        clock.advance(Duration.ofSeconds(59));
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).as("renewed 59 s ago").isEqualTo(PUBLISH);

        clock.advance(Duration.ofSeconds(1));
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).as("not renewed for a whole lease").isEqualTo(UNWATCHED);
        assertThat(watches.verdict(AGENT_DONE, "CA1")).isEqualTo(PUBLISH);
    }

    @Test
    void anUnwatchEndsOnlyTheLeaseOfTheReplicaThatSentIt() {
        watches.renew("CA1", "replica-a", LEASE);
        watches.renew("CA1", "replica-b", Duration.ofSeconds(30));

        watches.release("CA1", "replica-a");
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).as("replica-b still watches").isEqualTo(PUBLISH);
        clock.advance(Duration.ofSeconds(30));
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).as("and its lease ran out").isEqualTo(UNWATCHED);

        watches.renew("CA1", "replica-b", LEASE);
        watches.release("CA1", "replica-b");
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).isEqualTo(UNWATCHED);
        assertThat(watches.watchedCalls()).isZero();
        watches.release("CA9", "replica-b");
    }

    @Test
    void expiredLeasesArePurgedAndNoneLastsLongerThanTheLongestAllowed() {
        watches.renew("CA1", "replica-a", LEASE);
        watches.renew("CA2", "replica-a", Duration.ofDays(1));
        clock.advance(LEASE);
        watches.purgeExpired();
        assertThat(watches.watchedCalls()).isEqualTo(1);

        clock.advance(GatewayConfigCheck.MAX_WATCH_LEASE.minus(LEASE));
        assertThat(watches.verdict(AGENT_TEXT, "CA2")).isEqualTo(UNWATCHED);
        watches.purgeExpired();
        assertThat(watches.watchedCalls()).isZero();
    }

    @Test
    void theWatchedCallsAreBoundedAndExpiredOnesMakeRoom() {
        for (int i = 0; i < LiveWatches.MAX_WATCHED_CALLS; i++) {
            watches.renew("CA" + i, "replica-a", LEASE);
        }
        watches.renew("CA-one-too-many", "replica-a", LEASE);
        assertThat(watches.verdict(AGENT_TEXT, "CA-one-too-many")).isEqualTo(UNWATCHED);
        watches.renew("CA0", "replica-b", LEASE);
        assertThat(watches.watchedCalls()).as("a watched call is still renewed").isEqualTo(LiveWatches.MAX_WATCHED_CALLS);

        clock.advance(LEASE);
        watches.renew("CA-one-too-many", "replica-a", LEASE);
        assertThat(watches.verdict(AGENT_TEXT, "CA-one-too-many")).isEqualTo(PUBLISH);
        assertThat(watches.watchedCalls()).isEqualTo(1);
    }

    @Test
    void interimTextOfAWatchedCallGoesOutAtMostOncePerInterval() {
        watches.renew("CA1", "replica-a", LEASE);
        watches.renew("CA2", "replica-a", LEASE);

        assertThat(watches.verdict(CALLER_INTERIM, "CA1")).isEqualTo(PUBLISH);
        clock.advance(Duration.ofMillis(100));
        assertThat(watches.verdict(CALLER_INTERIM, "CA1")).isEqualTo(THROTTLED);
        assertThat(watches.verdict(CALLER_INTERIM, "CA2")).as("each call has its own interval").isEqualTo(PUBLISH);
        assertThat(watches.verdict(AGENT_TEXT, "CA1")).as("reply deltas are not throttled").isEqualTo(PUBLISH);
        assertThat(watches.verdict(CALLER_SPEAKING, "CA1")).isEqualTo(PUBLISH);
        assertThat(watches.verdict(CALLER_FINAL, "CA1")).isEqualTo(PUBLISH);
        clock.advance(Duration.ofMillis(100));
        assertThat(watches.verdict(CALLER_INTERIM, "CA1")).isEqualTo(PUBLISH);
        assertThat(watches.verdict(CALLER_INTERIM, "CA1")).isEqualTo(THROTTLED);

        LiveWatches unthrottled = new LiveWatches(clock, Duration.ZERO);
        unthrottled.renew("CA1", "replica-a", LEASE);
        assertThat(unthrottled.verdict(CALLER_INTERIM, "CA1")).isEqualTo(PUBLISH);
        assertThat(unthrottled.verdict(CALLER_INTERIM, "CA1")).isEqualTo(PUBLISH);
    }

    @Test
    void aWaitForTheOwnWatchEndsWhenThisReplicasWatchOfTheCallIsRead() {
        CompletableFuture<Void> first = watches.awaitOwnWatch("CA1");
        CompletableFuture<Void> second = watches.awaitOwnWatch("CA1");
        CompletableFuture<Void> otherCall = watches.awaitOwnWatch("CA2");

        watches.renew("CA1", "another-replica", LEASE);
        assertThat(first).isNotDone();
        watches.renew("CA1", watches.replicaId(), LEASE);

        assertThat(first).isCompletedWithValue(null);
        assertThat(second).isCompletedWithValue(null);
        assertThat(otherCall).isNotDone();
        otherCall.complete(null);
        assertThat(watches.waiting()).as("no waiter is kept").isZero();
    }
}
