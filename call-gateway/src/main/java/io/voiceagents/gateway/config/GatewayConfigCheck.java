package io.voiceagents.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The start-up checks of {@link GatewayConfig}, as plain functions so each message is unit-tested. */
public final class GatewayConfigCheck {

    /** Short keys are guessable; 16 characters is the least a generated key (e.g. openssl rand -hex 16) has. */
    public static final int API_KEY_MIN_LENGTH = 16;

    /** The live feed's emitter buffers this many events; more pending would overflow it. */
    public static final int LIVE_MAX_PENDING_LIMIT = 10_000;

    /** Longest watch lease: a dashboard that vanished should not keep a call's streaming events going for long. */
    public static final Duration MAX_WATCH_LEASE = Duration.ofMinutes(10);

    /** Longest LIVE_INTERIM_INTERVAL: beyond a few seconds the interim text is no longer "as it is heard". */
    public static final Duration MAX_INTERIM_INTERVAL = Duration.ofSeconds(5);

    private GatewayConfigCheck() {
    }

    /** Every problem found, each saying how to fix it; empty when the configuration is usable. */
    public static List<String> problems(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        publicBaseUrlProblem(config.publicBaseUrl()).ifPresent(problems::add);
        authTokenProblem(config.twilio().authToken()).ifPresent(problems::add);
        accountSidProblem(config.twilio().accountSid()).ifPresent(problems::add);
        apiBaseUrlProblem(config.twilio().apiBaseUrl()).ifPresent(problems::add);
        positive("gateway.twilio.request-timeout (TWILIO_REQUEST_TIMEOUT)", config.twilio().requestTimeout())
                .ifPresent(problems::add);
        apiKeyProblem(config.api().key()).ifPresent(problems::add);
        positive("gateway.tts.budget (TTS_BUDGET)", config.tts().budget()).ifPresent(problems::add);
        positive("gateway.agent.reply-budget (AGENT_REPLY_BUDGET)", config.agent().replyBudget()).ifPresent(problems::add);
        positive("gateway.agent.start-budget", config.agent().startBudget()).ifPresent(problems::add);
        positive("gateway.agent.end-budget", config.agent().endBudget()).ifPresent(problems::add);
        positive("gateway.agent.stream-first-chunk-budget (AGENT_STREAM_FIRST_CHUNK_BUDGET)",
                config.agent().streamFirstChunkBudget()).ifPresent(problems::add);
        positive("gateway.agent.stream-budget (AGENT_STREAM_BUDGET)", config.agent().streamBudget()).ifPresent(problems::add);
        positive("gateway.agent.interruption-budget", config.agent().interruptionBudget()).ifPresent(problems::add);
        positive("gateway.tts.stream-first-chunk-budget (TTS_STREAM_FIRST_CHUNK_BUDGET)",
                config.tts().streamFirstChunkBudget()).ifPresent(problems::add);
        positive("gateway.tts.stream-budget", config.tts().streamBudget()).ifPresent(problems::add);
        sttEndpointProblem(config.stt().google().endpoint()).ifPresent(problems::add);
        if (config.stt().google().model() == null || config.stt().google().model().isBlank()) {
            problems.add("STT_GOOGLE_MODEL (gateway.stt.google.model) is empty: set it to a Speech-to-Text model such as "
                    + "phone_call");
        }
        positive("gateway.stt.google.stream-timeout (STT_GOOGLE_STREAM_TIMEOUT)", config.stt().google().streamTimeout())
                .ifPresent(problems::add);
        positive("gateway.relay.dtmf-pause (RELAY_DTMF_PAUSE)", config.relay().dtmfPause()).ifPresent(problems::add);
        if (config.relay().maxPromptLength() < 1) {
            problems.add("gateway.relay.max-prompt-length must be at least 1 (it is " + config.relay().maxPromptLength() + ")");
        }
        if (config.live().maxPending() < 1 || config.live().maxPending() > LIVE_MAX_PENDING_LIMIT) {
            problems.add("LIVE_MAX_PENDING (gateway.live.max-pending) must be between 1 and " + LIVE_MAX_PENDING_LIMIT
                    + " (it is " + config.live().maxPending() + ")");
        }
        problems.addAll(liveProblems(config.live()));
        if (config.silence().maxReprompts() < 0) {
            problems.add("gateway.silence.max-reprompts must be 0 or more (it is " + config.silence().maxReprompts() + ")");
        }
        problems.addAll(streamProblems(config.stream()));
        return problems;
    }

    /** The live view's watch lease and interim throttle, each message naming the variable to change. */
    public static List<String> liveProblems(GatewayConfig.Live live) {
        List<String> problems = new ArrayList<>();
        Duration renew = live.watchRenew();
        Duration lease = live.watchLease();
        positive("LIVE_WATCH_RENEW (gateway.live.watch-renew)", renew).ifPresent(problems::add);
        if (!isPositive(lease) || lease.compareTo(MAX_WATCH_LEASE) > 0
                || (isPositive(renew) && lease.compareTo(renew.multipliedBy(2)) < 0)) {
            problems.add("LIVE_WATCH_LEASE (gateway.live.watch-lease) must be at least twice LIVE_WATCH_RENEW (" + renew
                    + ") and at most " + MAX_WATCH_LEASE.toMinutes() + "m, e.g. 60s (it is " + lease + ")");
        }
        Duration interim = live.interimInterval();
        if (interim == null || interim.isNegative() || interim.compareTo(MAX_INTERIM_INTERVAL) > 0) {
            problems.add("LIVE_INTERIM_INTERVAL (gateway.live.interim-interval) must be between 0 and "
                    + MAX_INTERIM_INTERVAL.toSeconds() + "s, e.g. 200ms (it is " + interim + ")");
        }
        return problems;
    }

    /** Longest playback lead accepted: Twilio should hold a few seconds at most, so {@code clear} stays cheap. */
    public static final Duration MAX_PLAYBACK_LEAD = Duration.ofSeconds(5);

    /** Longest VAD batch gathering accepted: less than one Silero window (64 ms), or decisions would lag whole windows. */
    public static final Duration MAX_VAD_BATCH_GATHER = Duration.ofMillis(60);

    /** The `stream` mode settings, each message naming the variable to change. */
    public static List<String> streamProblems(GatewayConfig.Stream stream) {
        List<String> problems = new ArrayList<>();
        float speech = stream.vad().speechThreshold();
        float silence = stream.vad().silenceThreshold();
        if (!(speech > 0 && speech < 1)) {
            problems.add("STREAM_VAD_SPEECH_THRESHOLD (gateway.stream.vad.speech-threshold) must be between 0 and 1, "
                    + "exclusive, e.g. 0.5 (it is " + speech + ")");
        }
        if (!(silence > 0 && silence < 1 && silence <= speech)) {
            problems.add("STREAM_VAD_SILENCE_THRESHOLD (gateway.stream.vad.silence-threshold) must be above 0 and at most "
                    + "STREAM_VAD_SPEECH_THRESHOLD (" + speech + "), e.g. 0.35 (it is " + silence + ")");
        }
        Duration gather = stream.vad().batchGather();
        if (gather == null || gather.isNegative() || gather.compareTo(MAX_VAD_BATCH_GATHER) > 0) {
            problems.add("STREAM_VAD_BATCH_GATHER (gateway.stream.vad.batch-gather) must be between 0 (no batching) and "
                    + MAX_VAD_BATCH_GATHER.toMillis() + "ms, e.g. 10ms (it is " + gather + ")");
        }
        positive("STREAM_MIN_SPEECH (gateway.stream.min-speech)", stream.minSpeech()).ifPresent(problems::add);
        positive("STREAM_END_OF_TURN_SILENCE (gateway.stream.end-of-turn-silence)", stream.endOfTurnSilence())
                .ifPresent(problems::add);
        positive("STREAM_MAX_TURN (gateway.stream.max-turn)", stream.maxTurn()).ifPresent(problems::add);
        if (isPositive(stream.minSpeech()) && isPositive(stream.maxTurn())
                && stream.maxTurn().compareTo(stream.minSpeech()) <= 0) {
            problems.add("STREAM_MAX_TURN (" + stream.maxTurn() + ") must be longer than STREAM_MIN_SPEECH ("
                    + stream.minSpeech() + "): raise STREAM_MAX_TURN, e.g. to 30s");
        }
        if (stream.bargeInMinSpeech() == null || stream.bargeInMinSpeech().isNegative()) {
            problems.add("STREAM_BARGE_IN_MIN_SPEECH (gateway.stream.barge-in-min-speech) must be 0 or more, e.g. 350ms "
                    + "(it is " + stream.bargeInMinSpeech() + ")");
        } else if (isPositive(stream.maxTurn()) && stream.bargeInMinSpeech().compareTo(stream.maxTurn()) >= 0) {
            problems.add("STREAM_BARGE_IN_MIN_SPEECH (" + stream.bargeInMinSpeech() + ") must be shorter than STREAM_MAX_TURN ("
                    + stream.maxTurn() + "), or callers could never interrupt: use e.g. 350ms");
        }
        if (stream.preRoll() == null || stream.preRoll().isNegative() || stream.preRoll().compareTo(Duration.ofSeconds(2)) > 0) {
            problems.add("STREAM_PRE_ROLL (gateway.stream.pre-roll) must be between 0 and 2s, e.g. 300ms (it is "
                    + stream.preRoll() + ")");
        }
        positive("STREAM_STT_FINAL_BUDGET (gateway.stream.stt-final-budget)", stream.sttFinalBudget()).ifPresent(problems::add);
        positive("STREAM_REPLY_BUDGET (gateway.stream.reply-budget)", stream.replyBudget()).ifPresent(problems::add);
        positive("STREAM_SYNTHESIS_BUDGET (gateway.stream.synthesis-budget)", stream.synthesisBudget()).ifPresent(problems::add);
        Duration lead = stream.playbackLead();
        if (lead == null || lead.toMillis() < 20 || lead.compareTo(MAX_PLAYBACK_LEAD) > 0) {
            problems.add("STREAM_PLAYBACK_LEAD (gateway.stream.playback-lead) must be between 20ms (one frame) and "
                    + MAX_PLAYBACK_LEAD.toSeconds() + "s so barge-in stays quick, e.g. 100ms (it is " + lead + ")");
        }
        positive("STREAM_DTMF_GAP (gateway.stream.dtmf-gap)", stream.dtmfGap()).ifPresent(problems::add);
        positive("STREAM_SILENCE_TIMEOUT (gateway.stream.silence-timeout)", stream.silenceTimeout()).ifPresent(problems::add);
        positive("STREAM_MAX_CALL_DURATION (gateway.stream.max-call-duration)", stream.maxCallDuration())
                .ifPresent(problems::add);
        if (stream.sentenceMaxChars() < 20) {
            problems.add("STREAM_SENTENCE_MAX_CHARS (gateway.stream.sentence-max-chars) must be at least 20, e.g. 180 (it is "
                    + stream.sentenceMaxChars() + ")");
        }
        return problems;
    }

    private static boolean isPositive(Duration value) {
        return value != null && !value.isZero() && !value.isNegative();
    }

    public static Optional<String> publicBaseUrlProblem(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of("PUBLIC_BASE_URL (gateway.public-base-url) is not set: set it to the public http(s) base URL "
                    + "Twilio calls, e.g. https://voice.example.com (webhook signatures are checked against it)");
        }
        String url = value.get().trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of("PUBLIC_BASE_URL must be an absolute http(s) URL such as https://voice.example.com, not '"
                        + url + "'");
            }
            if (url.endsWith("/")) {
                return Optional.of("PUBLIC_BASE_URL must not end with '/': use '" + url.replaceAll("/+$", "") + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.of("PUBLIC_BASE_URL must not carry a query or fragment: '" + url + "'");
            }
        } catch (URISyntaxException e) {
            return Optional.of("PUBLIC_BASE_URL is not a valid URL ('" + url + "'): " + e.getMessage());
        }
        return Optional.empty();
    }

    public static Optional<String> authTokenProblem(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of("TWILIO_AUTH_TOKEN (gateway.twilio.auth-token) is not set: set it to your Twilio account's "
                    + "Auth Token. call-gateway refuses to start without it because it never accepts unsigned webhooks");
        }
        return Optional.empty();
    }

    public static Optional<String> accountSidProblem(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.of("TWILIO_ACCOUNT_SID (gateway.twilio.account-sid) is not set: set it to your Twilio account's "
                    + "Account SID (AC...); call-gateway hangs up and transfers live calls through Twilio's REST API with it");
        }
        if (!value.get().strip().startsWith("AC")) {
            return Optional.of("TWILIO_ACCOUNT_SID (gateway.twilio.account-sid) must be an Account SID starting with 'AC' "
                    + "(an API key SID starts with 'SK' and is not accepted here)");
        }
        return Optional.empty();
    }

    /** Optional; when set, an absolute http(s) URL without query (the sandbox's Twilio REST emulator). */
    public static Optional<String> apiBaseUrlProblem(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        String url = value.get().strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null) {
                return Optional.of("TWILIO_API_BASE_URL (gateway.twilio.api-base-url) must be an absolute http(s) URL "
                        + "without query, such as http://127.0.0.1:8099, or unset to use https://api.twilio.com; not '"
                        + url + "'");
            }
        } catch (URISyntaxException e) {
            return Optional.of("TWILIO_API_BASE_URL (gateway.twilio.api-base-url) is not a valid URL ('" + url + "'): "
                    + e.getMessage());
        }
        return Optional.empty();
    }

    /** host:port, no scheme: what the Google client's channel provider takes. */
    public static Optional<String> sttEndpointProblem(String value) {
        if (value == null || !value.strip().matches("[^\\s:/]+:\\d{1,5}")) {
            return Optional.of("STT_GOOGLE_ENDPOINT (gateway.stt.google.endpoint) must be host:port without scheme, "
                    + "e.g. speech.googleapis.com:443 (it is '" + value + "')");
        }
        return Optional.empty();
    }

    /** Unset is allowed (the API is open and a warning says so); a set key must be long enough. Never echoes the key. */
    public static Optional<String> apiKeyProblem(Optional<String> value) {
        int length = value.map(String::strip).map(String::length).orElse(0);
        if (length == 0 || length >= API_KEY_MIN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of("API_KEY (gateway.api.key) is too short: it has " + length + " characters, at least "
                + API_KEY_MIN_LENGTH + " are required; generate one with 'openssl rand -hex 32', or unset API_KEY to"
                + " leave /api/** open (local use only)");
    }

    private static Optional<String> positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            return Optional.of(name + " must be a positive duration such as 1500ms or 8s (it is " + value + ")");
        }
        return Optional.empty();
    }
}
