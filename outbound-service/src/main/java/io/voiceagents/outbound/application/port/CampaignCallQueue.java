package io.voiceagents.outbound.application.port;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.domain.OutboundCall;

/**
 * The campaigns' side of the dial queue (outbound.outbound_calls): campaigns insert queued calls, the dialer does the
 * rest. Needs the caller's transaction.
 */
public interface CampaignCallQueue {

    /** Campaign calls queued, dialing, ringing or in progress (status_rank below 4). */
    int activeCalls(UUID campaignId);

    /**
     * Inserts a queued call per entry, its to/from/agent/message/metadata taken from the contact and campaign rows.
     * Returns, per entry and in order, the queued call, or empty when the contact already has a call for that
     * attempt (unique (contact_id, attempt): a second insert can never become a second dial).
     */
    List<Optional<OutboundCall>> queue(List<CallToQueue> calls);

    /** The call placed for a contact's attempt. */
    Optional<ExistingCall> find(UUID contactId, int attempt);

    /**
     * Cancels the campaign's calls that are still queued, skipping rows the dialer holds right now
     * ({@code for update skip locked}, as the dialer's claim): a call is either dialed or canceled, never both.
     */
    List<OutboundCall> cancelQueued(UUID campaignId);

    /**
     * @param machineDetection  Twilio MachineDetection value (Enable, DetectMessageEnd) or null for none
     */
    record CallToQueue(UUID callId, UUID contactId, int attempt, String machineDetection) {
    }

    record ExistingCall(UUID id, String status, String answeredBy, String callSid) {
    }
}
