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

    Stt stt();

    Relay relay();

    Live live();

    Stream stream();

    interface Api {
        /**
         * API_KEY: when set, every /api/** request needs {@code Authorization: Bearer <key>} (at least
         * {@link GatewayConfigCheck#API_KEY_MIN_LENGTH} characters); unset leaves /api/** open, with a warning.
         */
        Optional<String> key();
    }

    interface Twilio {
        /**
         * TWILIO_ACCOUNT_SID; required: live calls are hung up and transferred through the REST API of this
         * account (a webhook from another account is logged).
         */
        Optional<String> accountSid();

        /** TWILIO_AUTH_TOKEN; required, every webhook signature is checked with it. */
        Optional<String> authToken();

        /** TWILIO_API_BASE_URL: replaces https://api.twilio.com (the sandbox and tests point it at the REST emulator). */
        Optional<String> apiBaseUrl();

        /** TWILIO_REQUEST_TIMEOUT: connect and read time-out of one REST request (hang-up, transfer). */
        @WithDefault("5s")
        Duration requestTimeout();
    }

    interface Tts {
        /** TTS_BUDGET: how long a turn waits for synthesis before Twilio speaks the text itself. */
        @WithDefault("1500ms")
        Duration budget();

        /** TTS_STREAM_FIRST_CHUNK_BUDGET: how long a streamed sentence may take to its first audio before it fails. */
        @WithDefault("2s")
        Duration streamFirstChunkBudget();

        /** Deadline of a whole streamed sentence (StreamSynthesize). */
        @WithDefault("15s")
        Duration streamBudget();
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

        /**
         * AGENT_STREAM_FIRST_CHUNK_BUDGET: how long a streamed reply (StreamReply) may take to its first chunk before
         * it is cancelled and the caller hears the apology.
         */
        @WithDefault("5s")
        Duration streamFirstChunkBudget();

        /** AGENT_STREAM_BUDGET: deadline of a whole streamed reply. */
        @WithDefault("30s")
        Duration streamBudget();

        /** Deadline of RecordInterruption (sent in the background). */
        @WithDefault("5s")
        Duration interruptionBudget();
    }

    /** Streaming speech-to-text (`stream` mode): Google Cloud Speech-to-Text v1. */
    interface Stt {

        Google google();

        interface Google {
            /** STT_GOOGLE_ENDPOINT: host:port of the Speech-to-Text API; the emulator's address in the sandbox. */
            @WithDefault("speech.googleapis.com:443")
            String endpoint();

            /** STT_GOOGLE_PLAINTEXT: true only for the emulator (no TLS, no credentials); real Google uses TLS and ADC. */
            @WithDefault("false")
            boolean plaintext();

            /** STT_GOOGLE_MODEL: recognition model; phone_call suits 8 kHz telephone audio. */
            @WithDefault("phone_call")
            String model();

            /** STT_GOOGLE_ENHANCED: ask for the enhanced variant of the model (phone_call has one). */
            @WithDefault("true")
            boolean enhanced();

            /** STT_GOOGLE_STREAM_TIMEOUT: deadline of one recognition stream (one caller utterance). */
            @WithDefault("60s")
            Duration streamTimeout();
        }
    }

    /** ConversationRelay (`relay` mode) sessions. */
    interface Relay {
        /**
         * RELAY_DTMF_PAUSE: keys pressed without '#' are sent to the agent as one input once the caller has
         * pressed nothing for this long.
         */
        @WithDefault("1500ms")
        Duration dtmfPause();

        /** Longest accumulated partial prompt (characters) kept before it is cut: a runaway transcript must not grow without end. */
        @WithDefault("4000")
        int maxPromptLength();
    }

    /** Live call events (the /api/calls/{sid}/live WebSocket). */
    interface Live {
        /**
         * LIVE_MAX_PENDING: live events handed to Kafka and not yet acknowledged, above which new ones are dropped
         * (and counted) instead of queued: a broker outage must never hold up a call.
         */
        @WithDefault("1000")
        int maxPending();

        /**
         * LIVE_WATCH_LEASE: how long a replica's announcement that a call has viewers holds without renewal. While
         * one holds, the call's streaming events (interim caller text, reply deltas) are published; without one they
         * are skipped. At least twice LIVE_WATCH_RENEW, so one lost renewal does not interrupt a view.
         */
        @WithDefault("60s")
        Duration watchLease();

        /** LIVE_WATCH_RENEW: how often a replica renews the announcements of the calls watched on it. */
        @WithDefault("20s")
        Duration watchRenew();

        /**
         * LIVE_INTERIM_INTERVAL: least time between two published CALLER_INTERIM events of a watched call (each is the
         * whole utterance so far, so skipping one loses nothing the next or CALLER_FINAL does not show); 0 publishes
         * every one.
         */
        @WithDefault("200ms")
        Duration interimInterval();
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

    /**
     * `stream` mode (Media Streams): turn-taking, barge-in, budgets and pacing. Env vars STREAM_*; see the
     * README table. Checked at start-up by {@link GatewayConfigCheck#streamProblems}.
     */
    interface Stream {

        Vad vad();

        /** STREAM_MIN_SPEECH: speech must last this long before the caller counts as speaking (shorter blips are ignored). */
        @WithDefault("200ms")
        Duration minSpeech();

        /** STREAM_END_OF_TURN_SILENCE: silence after speech that ends the caller's turn. */
        @WithDefault("700ms")
        Duration endOfTurnSilence();

        /** STREAM_MAX_TURN: a caller turn longer than this is ended and answered. */
        @WithDefault("30s")
        Duration maxTurn();

        /**
         * STREAM_BARGE_IN_MIN_SPEECH: how long the caller must speak over the agent to interrupt it; a cough or
         * a short "mhm" stays below it.
         */
        @WithDefault("350ms")
        Duration bargeInMinSpeech();

        /** STREAM_PRE_ROLL: audio from before the detected start of speech that the recognizer also gets. */
        @WithDefault("300ms")
        Duration preRoll();

        /** STREAM_STT_FINAL_BUDGET: how long to wait for the final transcript after the turn ended. */
        @WithDefault("1s")
        Duration sttFinalBudget();

        /** STREAM_REPLY_BUDGET: longest wait for agent-service's first delta, and between deltas. */
        @WithDefault("5s")
        Duration replyBudget();

        /** STREAM_SYNTHESIS_BUDGET: longest wait for a sentence's first audio, and between its chunks. */
        @WithDefault("3s")
        Duration synthesisBudget();

        /** STREAM_PLAYBACK_LEAD: audio kept buffered at Twilio ahead of what is playing. */
        @WithDefault("100ms")
        Duration playbackLead();

        /** STREAM_DTMF_GAP: pause after the last key that ends a DTMF input ('#' ends it at once). */
        @WithDefault("1500ms")
        Duration dtmfGap();

        /** STREAM_SILENCE_TIMEOUT: caller silence after the agent finished speaking that gets a re-prompt. */
        @WithDefault("8s")
        Duration silenceTimeout();

        /** STREAM_MAX_CALL_DURATION: the agent says goodbye and hangs up when a call reaches this length. */
        @WithDefault("30m")
        Duration maxCallDuration();

        /** STREAM_SENTENCE_MAX_CHARS: a longer sentence is cut at the next comma so it starts playing sooner. */
        @WithDefault("180")
        int sentenceMaxChars();
    }

    interface Vad {
        /** STREAM_VAD_SPEECH_THRESHOLD: speech probability at or above which a 20 ms frame is speech. */
        @WithDefault("0.5")
        float speechThreshold();

        /** STREAM_VAD_SILENCE_THRESHOLD: probability below which a frame is silence (between the two: unchanged). */
        @WithDefault("0.35")
        float silenceThreshold();

        /**
         * STREAM_VAD_BATCH_GATHER: how long a completed VAD window waits for other calls' windows so they run in
         * one inference (about half the CPU per call); 0 runs each window at once on the call's own thread.
         * At most 60 ms. Turn edges move by at most one 20 ms frame when batching.
         */
        @WithDefault("10ms")
        Duration batchGather();
    }
}
