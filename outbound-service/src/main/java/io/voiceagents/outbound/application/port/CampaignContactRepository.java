package io.voiceagents.outbound.application.port;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.voiceagents.outbound.domain.campaign.CampaignContact;
import io.voiceagents.outbound.domain.campaign.ContactStatus;
import io.voiceagents.outbound.domain.campaign.ValidContact;

/** Contacts of campaigns (outbound.campaign_contacts). Methods that lock or write need the caller's transaction. */
public interface CampaignContactRepository {

    /** Which of {@code numbers} (E.164) are contacts of the campaign already. */
    Set<String> existingNumbers(UUID campaignId, Collection<String> numbers);

    /** Highest row number stored for the campaign, 0 when it has no contact. */
    int maxRowNumber(UUID campaignId);

    /** Stores the contacts as pending in one statement; row number = {@code rowOffset} + the contact's row. */
    int insert(UUID campaignId, int rowOffset, List<ValidContact> contacts);

    long count(UUID campaignId);

    /** True while a contact is pending, calling or waiting for a retry. */
    boolean anyActive(UUID campaignId);

    /** Due contacts (pending or waiting-retry, next attempt reached), oldest due first, locked for this transaction. */
    List<DueContact> lockDue(UUID campaignId, Instant now, int limit);

    /** The contact is on a call: its {@code attempt}-th, {@code callId} in outbound_calls. */
    void markCalling(UUID contactId, int attempt, UUID callId);

    Optional<ContactState> lockForOutcome(UUID contactId);

    /**
     * Records how a call ended.
     *
     * @param callSid        appended to the contact's call SIDs when not null
     * @param nextAttemptAt  when to call again (waiting-retry), else null
     */
    void recordOutcome(UUID contactId, ContactStatus status, String outcome, String answeredBy, String callSid,
            Instant nextAttemptAt);

    /** Pending and waiting-retry contacts of the campaign become canceled; returns how many. */
    int cancelWaiting(UUID campaignId);

    /** Contacts whose queued call was canceled before it was dialed. */
    void cancelCalling(Collection<UUID> contactIds);

    Page<CampaignContact> page(UUID campaignId, ContactStatus status, int page, int size);

    record DueContact(UUID id, String number, String name, int attempts) {
    }

    record ContactState(UUID id, ContactStatus status, int attempts, UUID lastCallId) {
    }
}
