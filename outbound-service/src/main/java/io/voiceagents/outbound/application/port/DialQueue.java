package io.voiceagents.outbound.application.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.voiceagents.outbound.domain.OutboundCall;

/** The dial queue in the database, shared by every replica. */
public interface DialQueue {

    /**
     * In one statement: picks the next due queued call no other worker holds ({@code FOR UPDATE SKIP LOCKED}) whose
     * number has no create in flight and which is a single call or a call of a running campaign (a paused campaign's
     * calls wait in the queue), takes the next pacing slot of the account (table dial_pacer: every replica
     * shares {@code callsPerSecond}) and marks the call dialing with dial_started_at = the slot and one more
     * create request. Empty when no call is due (no slot is taken then).
     */
    Optional<Claim> claimNext(double callsPerSecond);

    /** A call puts back in the queue after a retriable failure, when the create sent at {@code dialStartedAt} is still its latest. */
    boolean requeue(UUID id, Instant dialStartedAt, Duration delay, String reason, Integer twilioErrorCode);

    /** Records a cancel asked while the create request is in flight; false when the call is not dialing without SID. */
    boolean requestCancel(UUID id);

    /** Calls left dialing without SID whose create request was sent more than {@code olderThan} ago. */
    List<OutboundCall> staleDialing(Duration olderThan, int limit);

    /**
     * Calls with a SID that stopped progressing: dialing or ringing without an update for {@code statusTimeout}, or
     * in progress for longer than {@code maxDuration}.
     */
    List<OutboundCall> stuck(Duration statusTimeout, Duration maxDuration, int limit);

    /** Of these SIDs, the ones some outbound call already has. */
    Set<String> knownSids(Collection<String> callSids);

    /**
     * @param waitForSlot how long to wait before sending the create request (the DB's clock decides, so replicas
     *                    with skewed clocks still share one pace)
     */
    record Claim(OutboundCall call, Duration waitForSlot) {
    }
}
