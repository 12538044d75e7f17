package io.voiceagents.outbound.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * Typed configuration of outbound-service, validated by Hibernate Validator when the service starts: a bad value
 * stops the start with the property name and the message below. Required values are Optional on purpose:
 * {@link ValidOutboundConfig} reports a missing one naming the environment variable to set.
 */
@ValidOutboundConfig
@ConfigMapping(prefix = "outbound")
public interface OutboundConfig {

    /**
     * PUBLIC_BASE_URL: call-gateway's public base URL. Twilio requests {base}/twilio/voice/outbound and
     * {base}/twilio/voice/status for the calls this service places.
     */
    Optional<String> publicBaseUrl();

    Twilio twilio();

    /**
     * ISO 3166-1 alpha-2 codes of the countries this deployment may dial. Calling anywhere else is refused
     * before Twilio is asked: toll fraud targets premium-rate destinations.
     */
    @WithDefault("US,CA")
    @NotEmpty(message = "must name at least one country: set OUTBOUND_ALLOWED_COUNTRIES, e.g. US,CA")
    List<@Pattern(regexp = "[A-Z]{2}", message = "must be ISO 3166-1 alpha-2 codes in upper case, e.g. US,CA,GB: "
            + "fix OUTBOUND_ALLOWED_COUNTRIES") String> allowedCountries();

    Api api();

    Limits limits();

    Dial dial();

    Status status();

    Outbox outbox();

    Agent agent();

    interface Twilio {
        /**
         * Calls per second Twilio accepts for the account (1 unless raised in the Twilio console): the dial
         * queue paces itself to it instead of collecting 429s.
         */
        @WithDefault("1")
        @Positive(message = "must be greater than 0: set OUTBOUND_TWILIO_CALLS_PER_SECOND to the CPS of the Twilio "
                + "account (1 by default)")
        double callsPerSecond();

        /** TWILIO_ACCOUNT_SID, required. */
        Optional<String> accountSid();

        /** TWILIO_AUTH_TOKEN, required. */
        Optional<String> authToken();

        /** TWILIO_API_BASE_URL: replaces https://api.twilio.com (sandbox and tests point it at the emulator). */
        Optional<String> apiBaseUrl();

        /**
         * OUTBOUND_TWILIO_REQUEST_TIMEOUT: how long one Twilio REST request may take. A create that times out is
         * uncertain and reconciled before it is ever sent again.
         */
        @WithDefault("10s")
        Duration requestTimeout();
    }

    interface Api {
        /**
         * API_KEY: a comma-separated list of keys (each at least 16 characters). When set, /api/** requires
         * {@code Authorization: Bearer <one of them>} and the per-key limits apply per key; unset leaves /api/**
         * open (one shared tenant "open"), with a warning.
         */
        Optional<String> key();
    }

    interface Limits {
        /** OUTBOUND_MAX_CONCURRENT_CALLS_PER_KEY: single calls of one key that may be queued or live at once. */
        @WithDefault("10")
        int maxConcurrentCallsPerKey();

        /** OUTBOUND_MAX_CALLS_PER_MINUTE_PER_KEY: single calls one key may create within any minute. */
        @WithDefault("60")
        int maxCallsPerMinutePerKey();
    }

    interface Dial {
        /**
         * OUTBOUND_DIAL_WORKERS: threads per replica taking calls from the queue; 0 for a replica that only serves
         * the API and schedules campaigns (the queue is shared, other replicas dial).
         */
        @WithDefault("4")
        int workers();

        /** OUTBOUND_DIAL_MAX_REQUESTS: create requests per call before it fails (429s and unclear failures retry). */
        @WithDefault("5")
        int maxRequests();

        /** OUTBOUND_RING_TIMEOUT: how long the callee's phone rings (Twilio Timeout, 5 to 600 seconds). */
        @WithDefault("30s")
        Duration ringTimeout();

        /** OUTBOUND_DIAL_RETRY_BACKOFF: wait before the second request; doubles with each request after. */
        @WithDefault("2s")
        Duration retryBackoff();

        /** Longest wait between two requests of one call. */
        @WithDefault("5m")
        Duration maxRetryBackoff();

        /** How often an idle worker looks for due calls (it is woken at once for calls queued in this replica). */
        @WithDefault("100ms")
        Duration pollInterval();

        /** How often calls left dialing by a crashed replica are looked for (also once at start). */
        @WithDefault("30s")
        Duration recoveryEvery();

        /**
         * Twilio's clock and the database's differ a little: a reconciliation looks for Twilio calls created up to
         * this long before the outbound call was stored.
         */
        @WithDefault("60s")
        Duration clockSkew();
    }

    interface Status {
        /** OUTBOUND_STATUS_TIMEOUT: a dialing or ringing call without news for this long is checked with Twilio. */
        @WithDefault("5m")
        Duration timeout();

        /** OUTBOUND_MAX_CALL_DURATION: a call in progress for longer is checked with Twilio. */
        @WithDefault("2h")
        Duration maxCallDuration();

        /** How often stuck calls are looked for. */
        @WithDefault("30s")
        Duration sweepEvery();
    }

    interface Outbox {
        /** How often the outbox is sent to Kafka (the scheduler's shortest period is 1s). */
        @WithDefault("1s")
        Duration relayEvery();

        /** Events sent per round. */
        @WithDefault("100")
        int batchSize();
    }

    interface Agent {
        /** OUTBOUND_AGENT_TIMEOUT: deadline of a GetAgent request to agent-service (single calls and campaigns). */
        @WithDefault("3s")
        Duration timeout();
    }
}
