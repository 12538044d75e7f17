package io.voiceagents.devstack;

import java.util.ArrayList;
import java.util.List;

/** What {@code bin/run} prints once the stack is up: where everything is, and what is real. */
final class Banner {

    private static final String RULE = "=".repeat(88);
    private static final String LOUD = "#".repeat(88);

    private Banner() {
    }

    static String render(LocalStack stack) {
        List<String> l = new ArrayList<>();
        boolean anySandbox = stack.twilioMode() == ProviderMode.SANDBOX || stack.geminiMode() == ProviderMode.SANDBOX
                || stack.ttsMode() == ProviderMode.SANDBOX || stack.sttMode() == ProviderMode.SANDBOX;
        l.add("");
        l.add(RULE);
        l.add("  Voice Agents local stack is up");
        l.add(RULE);
        if (anySandbox) {
            l.add(LOUD);
            l.add("##  SANDBOX: some providers are EMULATED on this machine. Emulated replies are labelled");
            l.add("##  (\"[gemini-emulator] ...\", tone audio); nothing you hear in sandbox is a real voice or LLM.");
            l.add(LOUD);
        }
        l.add("  Providers");
        l.add(provider("Twilio", stack.twilioMode(), stack.twilioMode() == ProviderMode.REAL
                ? "account " + stack.twilioAccountSid()
                : "simulated callers (POST /sandbox/calls); sandbox account " + stack.twilioAccountSid()));
        stack.twilioRestEmulator().ifPresent(rest -> l.add(String.format("    %-11s %-8s %s", "", "",
                "REST API emulator " + rest.baseUrl() + " with a simulated phone network (outbound calls)")));
        l.add(provider("Gemini", stack.geminiMode(), stack.geminiMode() == ProviderMode.REAL
                ? stack.llmProvider()
                : "emulator " + stack.geminiEmulator().map(e -> e.baseUrl()).orElse("?")
                        + " (answers from the agent's FACT: lines)"));
        l.add(provider("Google TTS", stack.ttsMode(), stack.ttsMode() == ProviderMode.REAL
                ? "Application Default Credentials"
                : "emulator " + stack.ttsEmulator().map(e -> e.endpoint()).orElse("?") + " (tones, not speech)"));
        l.add(provider("Google STT", stack.sttMode(), stack.sttMode() == ProviderMode.REAL
                ? "Application Default Credentials (stream-mode calls)"
                : "emulator " + stack.sttEmulator().map(e -> e.endpoint()).orElse("?")
                        + " (recognises the recorded speech fixtures only)"));
        if (anySandbox) {
            l.add("    Emulated latencies: " + stack.options().emulatorLatencies().describe()
                    + " (--stt-latency, --llm-latency, --llm-chunk, --tts-latency)");
        }
        l.add("");
        l.add("  Front door       " + stack.frontDoorUrl() + "   (routes paths like the Helm ingress)");
        l.add("  Public base URL  " + stack.publicBaseUrl() + "   (PUBLIC_BASE_URL: what Twilio calls and signs)");
        l.add("  Data directory   " + stack.dataDirectory() + "   (service logs in logs/; --fresh resets)");
        if (stack.apiKey().isPresent()) {
            l.add("  API key          required on /api/**:  curl -H \"Authorization: Bearer $API_KEY\" "
                    + stack.frontDoorUrl() + "/api/agents");
        } else {
            l.add("  API key          NOT SET: /api/** is open (fine on this machine; set API_KEY before exposing"
                    + " it on a public URL)");
        }
        l.add("");
        l.add(String.format("  %-19s %6s %9s   %s", "Service", "port", "ready in", "health / metrics / OpenAPI"));
        for (StackService s : stack.services()) {
            String url = stack.serviceUrl(s);
            l.add(String.format("  %-19s %6d %9s   %s/q/health  /q/metrics  /q/openapi", s, stack.servicePort(s),
                    stack.startupTime(s).map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("-"), url));
        }
        l.add("");
        if (stack.twilioMode() == ProviderMode.SANDBOX) {
            l.add("  Place a simulated call to the demo agent (" + stack.demoPhoneNumber() + "):");
            l.add("    curl -s -X POST " + stack.frontDoorUrl() + "/sandbox/calls");
            l.add("    curl -s -X POST " + stack.frontDoorUrl() + "/sandbox/calls -H 'Content-Type: application/json' \\");
            l.add("         -d '{\"utterances\":[\"Where is the office located?\",\"Goodbye\"]}'");
            l.add("    bin/run call --url " + stack.frontDoorUrl() + "      (the same, printed as a conversation)");
            realtime(l, stack);
            outbound(l, stack);
            l.add("  Sandbox Twilio auth token (to sign webhooks yourself; also in "
                    + stack.dataDirectory().resolve("sandbox.env") + "):");
            l.add("    " + stack.twilioAuthToken());
            l.add("");
        }
        l.add("  Connect a real Twilio number:");
        l.add("    1. export TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... PUBLIC_BASE_URL=https://<public host>");
        l.add("       PUBLIC_BASE_URL must be a public https URL reaching " + stack.frontDoorUrl()
                + " (e.g. a tunnel); restart bin/run.");
        l.add("    2. Twilio console > Phone Numbers > your number > Voice configuration:");
        l.add("         A call comes in:      Webhook  " + stack.publicBaseUrl() + "/twilio/voice   HTTP POST");
        l.add("         Call status changes:  " + stack.publicBaseUrl() + "/twilio/voice/status   HTTP POST");
        l.add("    3. Create an agent with that number: POST " + stack.frontDoorUrl() + "/api/agents"
                + (stack.apiKey().isPresent() ? " -H \"Authorization: Bearer $API_KEY\"" : ""));
        if (stack.twilioMode() == ProviderMode.REAL) {
            l.add("    4. Outbound calls (dial real phones, Twilio's calls per second: OUTBOUND_TWILIO_CALLS_PER_SECOND):");
            l.add("         curl -s -X POST " + stack.frontDoorUrl() + "/api/calls/outbound"
                    + (stack.apiKey().isPresent() ? " -H \"Authorization: Bearer $API_KEY\"" : "")
                    + " -H 'Content-Type: application/json' -d '{\"to\":\"+1...\",\"agentId\":\"<id>\"}'");
        }
        if (stack.twilioMode() == ProviderMode.REAL && !stack.publicBaseUrl().startsWith("https://")) {
            l.add(LOUD);
            l.add("##  Twilio is REAL but PUBLIC_BASE_URL is " + stack.publicBaseUrl() + ": Twilio cannot reach it,");
            l.add("##  and signatures are checked against it. Set PUBLIC_BASE_URL to your public https URL.");
            l.add(LOUD);
        }
        l.add(RULE);
        l.add("  Press Ctrl-C to stop everything.");
        l.add("");
        return String.join(System.lineSeparator(), l);
    }

    /** How to try the stream and relay demo agents. */
    private static void realtime(List<String> l, LocalStack stack) {
        String door = stack.frontDoorUrl();
        l.add("  Real-time calls (a simulated caller on the WebSocket, through the front door):");
        l.add("    stream mode (Media Streams: VAD, streaming STT, streamed replies, barge-in) on "
                + stack.demoStreamPhoneNumber() + "; the caller speaks recorded speech:");
        l.add("      bin/run call --url " + door + " --to " + stack.demoStreamPhoneNumber()
                + " --say opening_hours --say hello_booking --say goodbye");
        l.add("    relay mode (ConversationRelay: Twilio's speech, the agent's text) on " + stack.demoRelayPhoneNumber() + ":");
        l.add("      bin/run call --url " + door + " --to " + stack.demoRelayPhoneNumber()
                + " --say 'What time do you open on Sunday?' --say Goodbye");
        l.add("    watch a call live (WebSocket: status and transcript lines as they happen): ws://localhost:"
                + stack.frontDoorPort() + "/api/calls/<callSid>/live"
                + (stack.apiKey().isPresent() ? "?access_token=$API_KEY" : ""));
        l.add("");
    }

    /** The outbound call example and the sandbox phone network's numbers. */
    private static void outbound(List<String> l, LocalStack stack) {
        String auth = stack.apiKey().isPresent() ? " -H \"Authorization: Bearer $API_KEY\"" : "";
        String agent = stack.demoAgentId().orElse("<agent id from GET /api/agents>");
        l.add("  Have the demo agent place an outbound call (the simulated phone network answers; see README):");
        l.add("    curl -s -X POST " + stack.frontDoorUrl() + "/api/calls/outbound" + auth
                + " -H 'Content-Type: application/json' \\");
        l.add("         -d '{\"to\":\"+14155550123\",\"agentId\":\"" + agent
                + "\",\"initialMessage\":\"Hi, this is Harbor Dental about your appointment.\"}'");
        l.add("    curl -s " + stack.frontDoorUrl() + "/api/calls/outbound/<id>" + auth
                + "      (queued → dialing → ringing → in-progress → completed)");
        l.add("  Numbers of the simulated phone network (add \"machineDetection\":true for machines):");
        SandboxCallees.describe().forEach(line -> l.add("    " + line));
        l.add("");
    }

    private static String provider(String name, ProviderMode mode, String detail) {
        return String.format("    %-11s %-8s %s", name, mode == ProviderMode.SANDBOX ? "SANDBOX" : "REAL", detail);
    }
}
