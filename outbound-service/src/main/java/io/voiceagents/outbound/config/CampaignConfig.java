package io.voiceagents.outbound.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Campaign settings (prefix {@code outbound.campaigns}), validated when the service starts. */
@ConfigMapping(prefix = "outbound.campaigns")
public interface CampaignConfig {

    /**
     * How often every replica's scheduler looks at the running campaigns. The campaign row lock makes one replica
     * handle a campaign per tick; a shorter tick follows a campaign's pacing more closely.
     */
    @WithDefault("250ms")
    Duration tick();

    /**
     * Whether this replica runs the campaign scheduler. Off, campaigns are managed here but never queue calls from
     * this replica (tests drive ticks themselves).
     */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** Largest number of contacts (rows) one upload may carry. */
    @WithDefault("10000")
    @Min(value = 1, message = "must be at least 1: set OUTBOUND_CAMPAIGN_MAX_CONTACTS_PER_UPLOAD, e.g. 10000")
    @Max(value = 1_000_000, message = "must be at most 1000000: set OUTBOUND_CAMPAIGN_MAX_CONTACTS_PER_UPLOAD lower")
    int maxContactsPerUpload();

    /** Largest maxConcurrentCalls a campaign may ask for. */
    @WithDefault("100")
    @Min(value = 1, message = "must be at least 1: set OUTBOUND_CAMPAIGN_MAX_CONCURRENT_CALLS, e.g. 100")
    int maxConcurrentCalls();
}
