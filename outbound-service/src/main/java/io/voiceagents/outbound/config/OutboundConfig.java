package io.voiceagents.outbound.config;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * Typed configuration of outbound-service, validated by Hibernate Validator when the service starts:
 * a bad value stops the start with the property name and the message below.
 */
@ConfigMapping(prefix = "outbound")
public interface OutboundConfig {

    Twilio twilio();

    /**
     * ISO 3166-1 alpha-2 codes of the countries this deployment may dial. Calling anywhere else is refused
     * before Twilio is asked: toll fraud targets premium-rate destinations.
     */
    @WithDefault("US,CA")
    @NotEmpty(message = "must name at least one country: set OUTBOUND_ALLOWED_COUNTRIES, e.g. US,CA")
    List<@Pattern(regexp = "[A-Z]{2}", message = "must be ISO 3166-1 alpha-2 codes in upper case, e.g. US,CA,GB: "
            + "fix OUTBOUND_ALLOWED_COUNTRIES") String> allowedCountries();

    interface Twilio {
        /**
         * Calls per second Twilio accepts for the account (1 unless raised in the Twilio console): the dial
         * queue paces itself to it instead of collecting 429s.
         */
        @WithDefault("1")
        @Positive(message = "must be greater than 0: set OUTBOUND_TWILIO_CALLS_PER_SECOND to the CPS of the Twilio "
                + "account (1 by default)")
        double callsPerSecond();
    }
}
