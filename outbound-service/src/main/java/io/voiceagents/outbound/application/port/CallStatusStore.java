package io.voiceagents.outbound.application.port;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;

/**
 * Status changes as single conditional UPDATEs: a change that does not apply (late, repeated, raced by another
 * replica) changes nothing and returns empty, so side effects follow only real changes.
 */
public interface CallStatusStore {

    /**
     * Moves the call forward to {@code facts.status()} when that ranks higher than its current status and the SID
     * (when the call has one) is the reported one; sets the SID when missing and the timestamps of the new status.
     */
    Optional<StatusChange> advance(CallRef ref, StatusFacts facts);

    /** Moves the call to a final status when {@code guard} still holds. */
    Optional<StatusChange> finish(UUID id, OutboundCallStatus finalStatus, String failureReason, Integer twilioErrorCode,
            Guard guard);

    /** Records the SID Twilio gave the call (dialing → dialing with SID); empty when the row is no longer waiting for it. */
    Optional<StatusChange> storeSid(UUID id, String callSid);

    /** The call to change: by outbound call id (from the webhook URL) or, failing that, by Twilio SID. */
    record CallRef(UUID id, String callSid) {
    }

    /**
     * @param occurredAt when the status was reached (event time), used for ringing/answered/ended timestamps
     */
    record StatusFacts(OutboundCallStatus status, String callSid, Instant occurredAt, Long durationSeconds,
            String answeredBy) {
    }

    /** @param previous status before the change */
    record StatusChange(OutboundCall call, OutboundCallStatus previous) {
    }

    /** What must still be true of the row for {@link #finish} to apply. */
    sealed interface Guard {
        /** Not dialed yet (cancel of a queued call). */
        record Queued() implements Guard {
        }

        /** The create request sent at {@code dialStartedAt} is still the one in flight (no SID). */
        record DialAttempt(Instant dialStartedAt) implements Guard {
        }

        /** Any status that is not final. */
        record NotFinal() implements Guard {
        }

        /** Not final and not updated since {@code updatedAt} (time-outs decided on an older read). */
        record UnchangedSince(Instant updatedAt) implements Guard {
        }
    }
}
