package io.voiceagents.outbound.domain.campaign;

/**
 * Where a campaign's contacts stand.
 *
 * @param contacts           valid contacts in the campaign
 * @param outcomeCompleted   contacts whose last call ended completed (answered, by a person or a machine) ...
 * @param answeredByMachine  contacts whose last call was answered by a machine or a fax (Twilio AnsweredBy)
 */
public record CampaignCounts(long contacts, long pending, long calling, long waitingRetry, long completed, long failed,
        long canceled, long outcomeCompleted, long outcomeBusy, long outcomeNoAnswer, long outcomeFailed,
        long outcomeCanceled, long answeredByMachine, long answeredByHuman) {

    public static final CampaignCounts NONE = new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Contacts still to call, on a call, or waiting for a retry. */
    public long active() {
        return pending + calling + waitingRetry;
    }

    public long finished() {
        return completed + failed + canceled;
    }

    /** Share of contacts with a final status, 0 to 100 with one decimal. */
    public double progressPercent() {
        return contacts == 0 ? 0 : Math.floor(finished() * 1000.0 / contacts) / 10.0;
    }
}
