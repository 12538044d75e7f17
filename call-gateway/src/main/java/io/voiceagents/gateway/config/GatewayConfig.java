package io.voiceagents.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of call-gateway. Required values are Optional here on purpose: a missing value
 * is reported by {@link ValidGatewayConfig} with a message naming the environment variable to
 * set, instead of SmallRye's generic "property is required".
 */
@ValidGatewayConfig
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Public base URL Twilio calls (PUBLIC_BASE_URL): signatures are checked against it and TwiML URLs built from it. */
    Optional<String> publicBaseUrl();

    Twilio twilio();

    Tts tts();

    Agent agent();

    Silence silence();

    Gather gather();

    Deliveries deliveries();

    Messages messages();

    Api api();

    interface Api {
        /**
         * API_KEY: when set, every /api/** request needs {@code Authorization: Bearer <key>} (at least
         * {@link GatewayConfigCheck#API_KEY_MIN_LENGTH} characters); unset leaves /api/** open, with a warning.
         */
        Optional<String> key();
    }

    interface Twilio {
        /** TWILIO_ACCOUNT_SID; informational (a webhook from another account is logged). */
        Optional<String> accountSid();

        /** TWILIO_AUTH_TOKEN; required, every webhook signature is checked with it. */
        Optional<String> authToken();
    }

    interface Tts {
        /** TTS_BUDGET: how long a turn waits for synthesis before Twilio speaks the text itself. */
        @WithDefault("1500ms")
        Duration budget();
    }

    interface Agent {
        /** AGENT_REPLY_BUDGET: deadline of one Reply call to agent-service. */
        @WithDefault("8s")
        Duration replyBudget();

        /**
         * AGENT_START_BUDGET: deadline of each call-start request (LookupAgentByNumber, GetAgent, StartConversation,
         * and outbound-service's GetOutboundCall).
         */
        @WithDefault("3s")
        Duration startBudget();

        /** Deadline of EndConversation, sent after the call ended. */
        @WithDefault("5s")
        Duration endBudget();
    }

    interface Silence {
        /** How many consecutive silent gathers are re-prompted before the agent says goodbye. */
        @WithDefault("2")
        int maxReprompts();
    }

    interface Gather {
        /**
         * A gather webhook with the same speech as the last stored turn within this window is taken
         * as Twilio retrying, not as the caller repeating themselves.
         */
        @WithDefault("10s")
        Duration retryWindow();
    }

    interface Deliveries {
        /** WEBHOOK_TOKEN_RETENTION: how long webhook idempotency tokens are kept to recognise Twilio's retries. */
        @WithDefault("48h")
        Duration retention();

        /** How often expired tokens are purged. */
        @WithDefault("1h")
        Duration purgeEvery();
    }

    interface Messages {
        @WithDefault("Sorry, this number is not in service. Please check the number and try again. Goodbye.")
        String notInService();

        @WithDefault("Sorry, I'm having trouble answering right now. Could you say that again?")
        String apology();

        @WithDefault("It seems we got disconnected. Thank you for calling. Goodbye.")
        String goodbye();

        @WithDefault("Are you still there?")
        String reprompt();

        @WithDefault("Sorry, we can't take your call right now. Please try again later. Goodbye.")
        String unavailable();
    }
}
