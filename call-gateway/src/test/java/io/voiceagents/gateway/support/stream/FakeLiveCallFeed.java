package io.voiceagents.gateway.support.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.domain.LiveCallEvent;

/** Records the live events of calls. Per test profile only. */
@Alternative
@Singleton
public class FakeLiveCallFeed implements LiveCallFeed {

    public final List<LiveCallEvent> events = new CopyOnWriteArrayList<>();

    public void reset() {
        events.clear();
    }

    public List<LiveCallEvent.Type> types(String callSid) {
        return events.stream().filter(e -> e.callSid().equals(callSid)).map(LiveCallEvent::type).toList();
    }

    @Override
    public void publish(LiveCallEvent event) {
        events.add(event);
    }
}
