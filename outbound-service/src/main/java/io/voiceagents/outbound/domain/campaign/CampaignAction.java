package io.voiceagents.outbound.domain.campaign;

/** What can happen to a campaign; {@link CampaignStatus#after(CampaignAction)} says which status follows. */
public enum CampaignAction {
    /** draft → running (first start) or paused → running. */
    START,
    /** paused → running. */
    RESUME,
    /** running → paused: nothing new is queued, calls already queued or on the line go on. */
    PAUSE,
    /** draft, running or paused → canceled. */
    CANCEL,
    /** running → completed, when no contact is left to call or waiting for a retry or on a call. */
    COMPLETE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
