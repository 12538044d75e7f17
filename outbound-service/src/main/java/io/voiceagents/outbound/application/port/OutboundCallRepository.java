package io.voiceagents.outbound.application.port;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;

/** The stored outbound calls: creation, look-ups and the per-tenant counts the limits need. */
public interface OutboundCallRepository {

    Optional<OutboundCall> find(UUID id);

    Optional<OutboundCall> findBySid(String callSid);

    /** The call created with this Idempotency-Key by this tenant, with the fingerprint of its request. */
    Optional<StoredRequest> findByIdempotencyKey(String tenant, String idempotencyKey);

    Page<OutboundCall> list(CallFilter filter, int page, int size);

    /**
     * Serializes the creations of one tenant until the current transaction ends (pg_advisory_xact_lock), so the
     * limits hold however many replicas take requests.
     */
    void lockTenant(String tenant);

    /** Single calls of the tenant that have not reached a final status. */
    long countActiveSingleCalls(String tenant);

    /** Single calls the tenant created within the last {@code window}, and when the oldest of them leaves it. */
    RecentCalls recentSingleCalls(String tenant, Duration window);

    /** Stores a new call in status queued, due now. */
    OutboundCall insert(NewCall call);

    record StoredRequest(OutboundCall call, String requestHash) {
    }

    /** @param tenant only calls placed with this tenant's API key (campaign calls: the campaign's tenant) */
    record CallFilter(String tenant, OutboundCallStatus status, UUID agentId, UUID campaignId) {
    }

    /** @param secondsUntilOldestLeaves 0 when there are none */
    record RecentCalls(long count, long secondsUntilOldestLeaves) {
    }

    record NewCall(UUID id, String tenant, UUID agentId, String to, String from, String idempotencyKey,
            String requestHash, String initialMessage, String metadataJson, String machineDetection) {
    }
}
