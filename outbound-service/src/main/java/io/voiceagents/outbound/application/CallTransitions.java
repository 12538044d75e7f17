package io.voiceagents.outbound.application;

import io.voiceagents.contracts.events.OutboundCallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.outbound.application.port.CallStatusStore.StatusChange;
import io.voiceagents.outbound.application.port.DialMetrics;
import io.voiceagents.outbound.application.port.EventOutbox;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The side effects of a committed-with-it status change, in the transaction that made it: the outbox event and,
 * for a final status, the synchronous {@link OutboundCallEnded} CDI event campaigns observe. Every path that
 * changes a call's status goes through here, so each change is announced once.
 */
@ApplicationScoped
public class CallTransitions {

    private final EventOutbox outbox;
    private final Event<OutboundCallEnded> ended;
    private final DialMetrics metrics;

    @Inject
    public CallTransitions(EventOutbox outbox, Event<OutboundCallEnded> ended, DialMetrics metrics) {
        this.outbox = outbox;
        this.ended = ended;
        this.metrics = metrics;
    }

    /** A call entered the queue: a single call, or a campaign call the scheduler inserted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queued(OutboundCall call) {
        outbox.append(Topics.OUTBOUND_CALLS, call.id().toString(),
                OutboundCallEvents.of(OutboundCallEvent.Type.QUEUED, call, null));
        metrics.queued(call.isCampaignCall());
    }

    /**
     * A queued call canceled together with its campaign: announced as ended like any other, but without
     * {@link OutboundCallEnded}, because the cancel settles the campaign's contacts itself in the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void canceledWithCampaign(OutboundCall call) {
        outbox.append(Topics.OUTBOUND_CALLS, call.id().toString(),
                OutboundCallEvents.of(OutboundCallEvent.Type.ENDED, call, OutboundCallStatus.QUEUED));
        metrics.ended(call.status().wireName());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(StatusChange change) {
        OutboundCall call = change.call();
        if (!call.status().isFinal()) {
            outbox.append(Topics.OUTBOUND_CALLS, call.id().toString(),
                    OutboundCallEvents.of(OutboundCallEvent.Type.STATUS_CHANGED, call, change.previous()));
            return;
        }
        outbox.append(Topics.OUTBOUND_CALLS, call.id().toString(),
                OutboundCallEvents.of(OutboundCallEvent.Type.ENDED, call, change.previous()));
        metrics.ended(call.status().wireName());
        ended.fire(new OutboundCallEnded(call.id(), call.campaignId(), call.contactId(), call.attempt(),
                call.status().wireName(), call.answeredBy(), call.callSid(), call.failureReason()));
    }
}
