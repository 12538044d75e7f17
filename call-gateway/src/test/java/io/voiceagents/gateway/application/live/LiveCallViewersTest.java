package io.voiceagents.gateway.application.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.domain.LiveCallEvent;

class LiveCallViewersTest {

    private final LiveCallViewers viewers = new LiveCallViewers();

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

    private static LiveCallEvent event(String callSid, String text) {
        return new LiveCallEvent(callSid, Instant.now(), LiveCallEvent.Type.AGENT_TEXT, text, 1);
    }
}
