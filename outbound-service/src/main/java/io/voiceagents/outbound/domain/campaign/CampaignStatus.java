package io.voiceagents.outbound.domain.campaign;

import java.util.Arrays;
import java.util.Optional;

/**
 * Lifecycle of a campaign: draft → running ⇄ paused → completed | canceled. {@link #after(CampaignAction)} is the
 * whole state machine; everything that changes a campaign's status goes through it.
 */
public enum CampaignStatus {
    DRAFT("draft"),
    RUNNING("running"),
    PAUSED("paused"),
    COMPLETED("completed"),
    CANCELED("canceled");

    private final String wireName;

    CampaignStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CampaignStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELED;
    }

    /** Contacts may be added while the campaign is not dialing new ones and not over. */
    public boolean acceptsContacts() {
        return this == DRAFT || this == PAUSED;
    }

    /**
     * The status after {@code action}, or {@link IllegalCampaignTransitionException} when the action makes no sense
     * now (starting a running campaign, pausing a draft, anything on a completed or canceled one).
     */
    public CampaignStatus after(CampaignAction action) {
        CampaignStatus next = switch (action) {
            case START -> this == DRAFT || this == PAUSED ? RUNNING : null;
            case RESUME -> this == PAUSED ? RUNNING : null;
            case PAUSE -> this == RUNNING ? PAUSED : null;
            case CANCEL -> this == DRAFT || this == RUNNING || this == PAUSED ? CANCELED : null;
            case COMPLETE -> this == RUNNING ? COMPLETED : null;
        };
        if (next == null) {
            throw new IllegalCampaignTransitionException(this, action);
        }
        return next;
    }
}
