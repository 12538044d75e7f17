package io.voiceagents.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import io.voiceagents.testkit.gemini.GeminiEmulator;
import io.voiceagents.testkit.googlestt.GoogleSttEmulator;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCallers;

/**
 * Decides REAL vs SANDBOX for Twilio, Gemini, Google TTS and Google Speech-to-Text from the environment, starts
 * the emulators the sandbox needs, and yields the provider part of every service's environment.
 */
final class Providers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Providers.class.getName());

    /** Not a secret: the Gemini emulator accepts any key, but the service requires one to be set. */
    static final String SANDBOX_GOOGLE_API_KEY = "sandbox-key-for-the-gemini-emulator";

    private final ProviderMode twilio;
    private final ProviderMode gemini;
    private final ProviderMode tts;
    private final ProviderMode stt;
    private final String twilioAccountSid;
    private final String twilioAuthToken;
    private final String llmProvider;
    private GeminiEmulator geminiEmulator;
    private GoogleTtsEmulator ttsEmulator;
    private TwilioRestEmulator twilioRestEmulator;
    private TwilioCallProgress callProgress;
    private MediaStreamsCallers mediaStreamsCallers;
    private ConversationRelayCallers relayCallers;
    private GoogleSttEmulator sttEmulator;
    private final Map<String, String> serviceEnv = new LinkedHashMap<>();
    private final List<String> removedEnv = new ArrayList<>();

    private Providers(ProviderMode twilio, ProviderMode gemini, ProviderMode tts, ProviderMode stt, String sid,
            String token, String llmProvider) {
        this.twilio = twilio;
        this.gemini = gemini;
        this.tts = tts;
        this.stt = stt;
        this.twilioAccountSid = sid;
        this.twilioAuthToken = token;
        this.llmProvider = llmProvider;
    }

    /**
     * Decides the modes (before anything starts, so missing credentials fail fast); the emulators
     * start with {@link #startEmulators()}.
     *
     * @param env         the effective environment (launcher's, with overrides applied)
     * @param sandboxFile where sandbox Twilio credentials are kept between runs
     */
    static Providers decide(Map<String, String> env, SandboxPolicy policy, Path sandboxFile) {
        boolean twilioCreds = present(env, "TWILIO_ACCOUNT_SID") && present(env, "TWILIO_AUTH_TOKEN");
        String llmProvider = present(env, "LLM_PROVIDER") ? env.get("LLM_PROVIDER").trim() : "google-ai";
        boolean geminiCreds = "vertex-ai".equals(llmProvider)
                ? present(env, "GOOGLE_CLOUD_PROJECT")
                : present(env, "GOOGLE_API_KEY");
        boolean ttsCreds = present(env, "GOOGLE_APPLICATION_CREDENTIALS");

        if (policy == SandboxPolicy.NEVER) {
            List<String> missing = new ArrayList<>();
            if (!twilioCreds) {
                missing.add("Twilio: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
            }
            if (!geminiCreds) {
                missing.add("Gemini: set GOOGLE_API_KEY, or LLM_PROVIDER=vertex-ai with GOOGLE_CLOUD_PROJECT");
            }
            if (!ttsCreds) {
                missing.add("Google TTS and Speech-to-Text: set GOOGLE_APPLICATION_CREDENTIALS to a service account"
                        + " key file");
            }
            if (!missing.isEmpty()) {
                throw new LocalStackException("sandbox is off but credentials are missing: "
                        + String.join("; ", missing));
            }
        }
        boolean allSandbox = policy == SandboxPolicy.ALWAYS;
        ProviderMode twilio = twilioCreds && !allSandbox ? ProviderMode.REAL : ProviderMode.SANDBOX;
        ProviderMode gemini = geminiCreds && !allSandbox ? ProviderMode.REAL : ProviderMode.SANDBOX;
        ProviderMode tts = ttsCreds && !allSandbox ? ProviderMode.REAL : ProviderMode.SANDBOX;
        // Speech-to-Text authenticates like TTS (Application Default Credentials from the same key file)
        ProviderMode stt = tts;

        if ("vertex-ai".equals(llmProvider) && !geminiCreds && !allSandbox) {
            LOG.warning("LLM_PROVIDER=vertex-ai but GOOGLE_CLOUD_PROJECT is not set: using the Gemini emulator");
        }

        String sid;
        String token;
        if (twilio == ProviderMode.REAL) {
            sid = env.get("TWILIO_ACCOUNT_SID");
            token = env.get("TWILIO_AUTH_TOKEN");
        } else {
            SandboxCredentials creds = SandboxCredentials.loadOrGenerate(sandboxFile);
            sid = creds.accountSid();
            token = creds.authToken();
        }
        return new Providers(twilio, gemini, tts, stt, sid, token,
                gemini == ProviderMode.REAL ? llmProvider : "google-ai");
    }

    /**
     * Starts the emulators of the SANDBOX providers with the given real-time latencies; on failure, those already
     * started are stopped.
     */
    void startEmulators(EmulatorLatencies latencies) {
        try {
            startEmulatorsOrFail(latencies);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startEmulatorsOrFail(EmulatorLatencies latencies) {
        serviceEnv.put("TWILIO_ACCOUNT_SID", twilioAccountSid);
        serviceEnv.put("TWILIO_AUTH_TOKEN", twilioAuthToken);
        serviceEnv.put("LLM_PROVIDER", llmProvider);
        if (twilio == ProviderMode.SANDBOX) {
            // Twilio's REST API for outbound-service (the official SDK, pointed here) with the sandbox phone
            // network behind it: created calls ring, are answered and call back, signed with the sandbox token
            twilioRestEmulator = TwilioRestEmulator.start(0, twilioAccountSid, twilioAuthToken);
            callProgress = SandboxCallees.attach(twilioRestEmulator);
            // call-gateway hangs up and transfers stream calls through the same API
            serviceEnv.put("TWILIO_API_BASE_URL", twilioRestEmulator.baseUrl());
            // Twilio's media servers for simulated stream and relay calls: a hang-up or transfer over REST ends
            // their socket, as on Twilio
            mediaStreamsCallers = MediaStreamsCallers.create(twilioRestEmulator);
            relayCallers = ConversationRelayCallers.sharing(mediaStreamsCallers).attach(twilioRestEmulator);
            LOG.info(() -> "Twilio REST emulator listening at " + twilioRestEmulator.baseUrl());
        }
        if (gemini == ProviderMode.SANDBOX) {
            geminiEmulator = GeminiEmulator.start(0);
            geminiEmulator.setStreamTiming(latencies.llmFirstToken(), latencies.llmChunkInterval());
            serviceEnv.put("GEMINI_BASE_URL", geminiEmulator.baseUrl());
            serviceEnv.put("GOOGLE_API_KEY", SANDBOX_GOOGLE_API_KEY);
            LOG.info(() -> "Gemini emulator listening at " + geminiEmulator.baseUrl());
        }
        if (tts == ProviderMode.SANDBOX) {
            ttsEmulator = GoogleTtsEmulator.start(0);
            ttsEmulator.setStreamingFirstByteLatency(latencies.ttsFirstByte());
            serviceEnv.put("TTS_GOOGLE_ENDPOINT", ttsEmulator.endpoint());
            serviceEnv.put("TTS_GOOGLE_PLAINTEXT", "true");
            // the emulator takes no credentials; a developer's key file must not leak into sandbox calls
            removedEnv.add("GOOGLE_APPLICATION_CREDENTIALS");
            LOG.info(() -> "Google TTS emulator listening at " + ttsEmulator.endpoint());
        } else {
            serviceEnv.put("TTS_GOOGLE_PLAINTEXT", "false");
        }
        if (stt == ProviderMode.SANDBOX) {
            sttEmulator = GoogleSttEmulator.start(0);
            sttEmulator.setFinalLatency(latencies.sttFinal());
            serviceEnv.put("STT_GOOGLE_ENDPOINT", sttEmulator.endpoint());
            serviceEnv.put("STT_GOOGLE_PLAINTEXT", "true");
            LOG.info(() -> "Google Speech-to-Text emulator listening at " + sttEmulator.endpoint());
        } else {
            serviceEnv.put("STT_GOOGLE_PLAINTEXT", "false");
        }
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    ProviderMode twilio() {
        return twilio;
    }

    ProviderMode gemini() {
        return gemini;
    }

    ProviderMode tts() {
        return tts;
    }

    ProviderMode stt() {
        return stt;
    }

    String llmProvider() {
        return llmProvider;
    }

    String twilioAccountSid() {
        return twilioAccountSid;
    }

    String twilioAuthToken() {
        return twilioAuthToken;
    }

    Optional<GeminiEmulator> geminiEmulator() {
        return Optional.ofNullable(geminiEmulator);
    }

    Optional<GoogleTtsEmulator> ttsEmulator() {
        return Optional.ofNullable(ttsEmulator);
    }

    Optional<GoogleSttEmulator> sttEmulator() {
        return Optional.ofNullable(sttEmulator);
    }

    /** Present in Twilio sandbox mode: Twilio's side of simulated stream calls, attached to the REST emulator. */
    Optional<MediaStreamsCallers> mediaStreamsCallers() {
        return Optional.ofNullable(mediaStreamsCallers);
    }

    /** Present in Twilio sandbox mode: Twilio's side of simulated relay calls, attached to the REST emulator. */
    Optional<ConversationRelayCallers> relayCallers() {
        return Optional.ofNullable(relayCallers);
    }

    /** Present in Twilio sandbox mode: the REST API outbound-service dials through. */
    Optional<TwilioRestEmulator> twilioRestEmulator() {
        return Optional.ofNullable(twilioRestEmulator);
    }

    /** Present in Twilio sandbox mode: the callees behind {@link #twilioRestEmulator()}. */
    Optional<TwilioCallProgress> callProgress() {
        return Optional.ofNullable(callProgress);
    }

    /** Provider variables every service gets (services ignore the ones they do not read). */
    Map<String, String> serviceEnv() {
        return Map.copyOf(serviceEnv);
    }

    /** Inherited variables to drop from the services' environment. */
    List<String> removedEnv() {
        return List.copyOf(removedEnv);
    }

    @Override
    public void close() {
        // the callers first (their sockets), then the network: no callback may leave once the REST API is gone
        if (relayCallers != null) {
            relayCallers.close();
            relayCallers = null;
        }
        if (mediaStreamsCallers != null) {
            mediaStreamsCallers.close();
            mediaStreamsCallers = null;
        }
        if (callProgress != null) {
            callProgress.close();
            callProgress = null;
        }
        if (twilioRestEmulator != null) {
            twilioRestEmulator.close();
            twilioRestEmulator = null;
        }
        if (ttsEmulator != null) {
            ttsEmulator.close();
            ttsEmulator = null;
        }
        if (sttEmulator != null) {
            sttEmulator.close();
            sttEmulator = null;
        }
        if (geminiEmulator != null) {
            geminiEmulator.close();
            geminiEmulator = null;
        }
    }
}
