package io.voiceagents.gateway.application.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.application.port.LiveWatchAnnouncer;
import io.voiceagents.gateway.domain.LiveCallEvent;

class LiveCallViewersTest {

    private final RecordingAnnouncer announcer = new RecordingAnnouncer();
    private final LiveCallViewers viewers = new LiveCallViewers(announcer);

    @Test
    void eventsReachEveryViewerOfTheirCallOnly() {
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        viewers.watch("CA1", e -> a.add(e.text()));
        viewers.watch("CA1", e -> b.add(e.text()));
        viewers.watch("CA2", e -> other.add(e.text()));

        viewers.deliver(event("CA1", "one"));
        viewers.deliver(event("CA1", "two"));

        assertThat(a).containsExactly("one", "two");
        assertThat(b).containsExactly("one", "two");
        assertThat(other).isEmpty();
    }

    @Test
    void aStoppedViewerGetsNothingMoreAndTheLastOneLeavesNoEntry() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Runnable stop = viewers.watch("CA1", e -> seen.add(e.text()));
        viewers.deliver(event("CA1", "before"));

        stop.run();
        viewers.deliver(event("CA1", "after"));

        assertThat(seen).containsExactly("before");
        assertThat(viewers.viewerCount("CA1")).isZero();
    }

    @Test
    void aFailingViewerDoesNotKeepTheEventFromOthers() {
        List<String> seen = new CopyOnWriteArrayList<>();
        viewers.watch("CA1", e -> {
            throw new IllegalStateException("socket gone");
        });
        viewers.watch("CA1", e -> seen.add(e.text()));

        viewers.deliver(event("CA1", "still delivered"));

        assertThat(seen).containsExactly("still delivered");
    }

    @Test
    void onlyCallsWithViewersHereAreAnnouncedAndTheAnnouncementIsWhatTheCallerWaitsFor() {
        viewers.watch("CA1", e -> { });

        CompletionStage<Void> announced = viewers.announce("CA1");
        CompletionStage<Void> nobodyHere = viewers.announce("CA2");

        assertThat(announcer.calls).containsExactly("announce CA1");
        assertThat(announced.toCompletableFuture()).isNotDone();
        announcer.back.complete(null);
        assertThat(announced.toCompletableFuture()).isDone();
        assertThat(nobodyHere.toCompletableFuture()).isCompletedWithValue(null);
    }

    @Test
    void theLastViewerLeavingWithdrawsTheCallOnce() {
        Runnable first = viewers.watch("CA1", e -> { });
        Runnable second = viewers.watch("CA1", e -> { });

        first.run();
        assertThat(announcer.calls).isEmpty();
        second.run();
        second.run();
        first.run();

        assertThat(announcer.calls).containsExactly("withdraw CA1");
        assertThat(viewers.viewerCount("CA1")).isZero();
    }

    @Test
    void renewalAnnouncesEveryCallWatchedHere() {
        viewers.watch("CA1", e -> { });
        viewers.watch("CA1", e -> { });
        Runnable gone = viewers.watch("CA2", e -> { });
        viewers.watch("CA3", e -> { });
        gone.run();
        announcer.calls.clear();

        viewers.renewAnnouncements();

        assertThat(announcer.calls).containsExactlyInAnyOrder("announce CA1", "announce CA3");
    }

    private static LiveCallEvent event(String callSid, String text) {
        return new LiveCallEvent(callSid, Instant.now(), LiveCallEvent.Type.AGENT_TEXT, text, 1);
    }

    /** Records what would be announced; announcements complete when the test says so. */
    private static final class RecordingAnnouncer implements LiveWatchAnnouncer {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> back = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> announce(String callSid) {
            calls.add("announce " + callSid);
            return back;
        }

        @Override
        public void withdraw(String callSid) {
            calls.add("withdraw " + callSid);
        }
    }
}
