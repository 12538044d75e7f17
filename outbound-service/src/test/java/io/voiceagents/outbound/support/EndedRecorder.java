package io.voiceagents.outbound.support;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.voiceagents.outbound.application.OutboundCallEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Observes {@link OutboundCallEnded} as a campaign would, remembering every event. */
@ApplicationScoped
public class EndedRecorder {

    private final List<OutboundCallEnded> events = new CopyOnWriteArrayList<>();

    void on(@Observes OutboundCallEnded event) {
        events.add(event);
    }

    public List<OutboundCallEnded> of(UUID outboundCallId) {
        return events.stream().filter(e -> e.outboundCallId().equals(outboundCallId)).toList();
    }
}
