package io.voiceagents.outbound.api.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.Blocking;
import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.outbound.application.CallStatusTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Follows outbound calls through call-gateway's CallEvents (topic voiceagents.calls.v1, group outbound-service).
 * Each event is applied in its own transaction, together with the outbox event and OutboundCallEnded it causes.
 * Events of calls this service did not place are ignored; an unreadable one arrives as null and is skipped.
 */
@ApplicationScoped
public class CallEventsConsumer {

    @Inject
    CallStatusTracker tracker;

    @Incoming("call-events")
    @Blocking
    @Transactional
    public void onCallEvent(CallEvent event) {
        if (event == null) {
            return;
        }
        tracker.onCallEvent(event);
    }
}
