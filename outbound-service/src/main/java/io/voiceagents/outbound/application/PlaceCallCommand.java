package io.voiceagents.outbound.application;

/**
 * A request for a single outbound call as the REST edge parsed it (types checked, values not yet).
 *
 * @param tenant         who asks (per-key limits, idempotency scope)
 * @param idempotencyKey the Idempotency-Key header, null when absent
 * @param metadataJson   the metadata object as canonical JSON (keys sorted), null when absent
 */
public record PlaceCallCommand(String tenant, String idempotencyKey, String to, String agentId, String initialMessage,
        String metadataJson, String from, boolean machineDetection) {
}
