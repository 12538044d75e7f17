package io.voiceagents.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.speech.SpeechFixtures.SpeechFixture;
import io.voiceagents.testkit.twilio.media.AgentUtterance;
import io.voiceagents.testkit.twilio.media.MediaStreamsCaller;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.media.MediaStreamsReport;
import io.voiceagents.testkit.twilio.media.StreamEnd;
import io.voiceagents.testkit.twilio.relay.AgentReply;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCaller;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCallers;
import io.voiceagents.testkit.twilio.relay.RelayReport;

/**
 * Simulated calls to agents in {@code stream} and {@code relay} mode for {@code POST /sandbox/calls}: the voice
 * webhook, then Twilio's side of the socket the answer connects to. A stream caller speaks real recorded speech
 * (the speech fixtures, the only speech the Speech-to-Text emulator recognises) in real time and waits for each
 * reply to finish; a relay caller sends text prompts. When the call is over the sandbox sends what Twilio would
 * (the relay session's action webhook, the {@code completed} status callback) and answers with the conversation
 * as call-gateway stored it.
 */
final class RealtimeSandboxCalls {

    /** What a simulated stream call says unless told otherwise: a question, a booking, goodbye (the agent hangs up). */
    static final List<String> DEFAULT_STREAM_FIXTURES = List.of(SpeechFixtures.OPENING_HOURS,
            SpeechFixtures.HELLO_BOOKING, SpeechFixtures.GOODBYE);
    static final List<String> DEFAULT_RELAY_PROMPTS = List.of("What time do you open on Sunday?",
            "Can I book a table for two people tonight?", "Thanks, goodbye.");

    private static final Logger LOG = Logger.getLogger(RealtimeSandboxCalls.class.getName());
    /** The caller waits this long after the agent's audio stops before speaking: it has finished its reply. */
    private static final Duration AGENT_DONE = Duration.ofMillis(800);
    private static final Duration CALL_LIMIT = Duration.ofSeconds(150);
    /** How long a relay caller waits after the last reply for the agent to end the session. */
    private static final Duration AGENT_ENDING = Duration.ofSeconds(2);

    private final LocalStack stack;

    RealtimeSandboxCalls(LocalStack stack) {
        this.stack = stack;
    }

    /** The call mode of the agent answering {@code to} ({@code gather} when none is found on the first page). */
    String modeOf(String to) {
        if (!stack.services().contains(StackService.AGENT_SERVICE)) {
            return "gather";
        }
        HttpRequest list = LocalStack.authorized(HttpRequest.newBuilder(URI.create(
                stack.serviceUrl(StackService.AGENT_SERVICE) + "/api/agents?size=100")), stack.apiKey())
                .timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> r = stack.httpClient().send(list, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonArray items = new JsonObject(r.body()).getJsonArray("items", new JsonArray());
                for (Object o : items) {
                    if (o instanceof JsonObject agent && agent.getJsonArray("phoneNumbers", new JsonArray()).contains(to)) {
                        return agent.getString("callMode", "gather").toLowerCase(Locale.ROOT);
                    }
                }
            }
        } catch (IOException | DecodeException | ClassCastException e) {
            LOG.fine(() -> "could not look up the agent of " + to + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "gather";
    }

    /** The fixture an utterance names: a fixture's name, or its transcript (case and punctuation ignored). */
    static Optional<SpeechFixture> fixtureFor(String utterance) {
        String wanted = normalise(utterance);
        for (SpeechFixture f : SpeechFixtures.all()) {
            if (f.name().equalsIgnoreCase(utterance.strip()) || (f.isSpeech() && normalise(f.transcript()).equals(wanted))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** What the stream caller can say, for error messages: fixture names and transcripts. */
    static List<String> sayable() {
        return SpeechFixtures.all().stream()
                .map(f -> f.name() + (f.isSpeech() ? " (\"" + f.transcript() + "\")" : " (not speech)")).toList();
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").replaceAll("\\s+", " ").strip();
    }

    /** A stream call saying {@code says} in turn, each after the agent finished speaking; hangs up at the end. */
    JsonObject placeStream(String from, String to, List<SpeechFixture> says) {
        MediaStreamsCallers callers = stack.mediaStreamsCallers().orElseThrow();
        RealtimeCalls calls = RealtimeCalls.throughFrontDoor(stack);
        RealtimeCalls.Answer answer = calls.answer(from, to);
        JsonObject out = header(answer, "stream");
        if (answer.stream().isEmpty()) {
            return out.put("ok", false).put("outcome", "NO_STREAM")
                    .put("errors", new JsonArray().add("the voice webhook answered HTTP " + answer.status()
                            + " without <Connect><Stream>: " + answer.body()));
        }
        long t0 = System.nanoTime();
        MediaStreamsCaller caller = callers.connect(calls.stream(answer).keepAudio(false).build());
        caller.waitForAgentSpeech().waitUntilAgentQuiet(AGENT_DONE);
        for (SpeechFixture f : says) {
            caller.say(f).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE);
        }
        caller.hangUp();
        MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
        calls.completed(answer.callSid(), from, to, Duration.ofNanos(System.nanoTime() - t0));
        JsonArray errors = new JsonArray(new ArrayList<>(report.protocolErrors()));
        if (report.scriptFailure() != null && report.end() != StreamEnd.HUNG_UP_BY_REST
                && report.end() != StreamEnd.REDIRECTED_BY_REST) {
            errors.add(report.scriptFailure());
        }
        long heardMs = report.agentUtterances().stream().mapToLong(AgentUtterance::heardMillis).sum();
        out.put("ok", errors.isEmpty())
                .put("outcome", report.end().name())
                .put("errors", errors)
                .put("heard", new JsonObject()
                        .put("agentUtterances", report.agentUtterances().size())
                        .put("agentAudioMs", heardMs)
                        .put("clears", report.clears().size())
                        .put("underruns", report.underruns())
                        .put("responseLatenciesMs", new JsonArray(report.responseLatenciesMs()))
                        .put("transferredTo", report.transferredTo()));
        return finish(answer, out);
    }

    /** A relay call sending {@code prompts} in turn, each after the reply to the previous one. */
    JsonObject placeRelay(String from, String to, List<String> prompts) {
        ConversationRelayCallers callers = stack.relayCallers().orElseThrow();
        RealtimeCalls calls = RealtimeCalls.throughFrontDoor(stack);
        RealtimeCalls.Answer answer = calls.answer(from, to);
        JsonObject out = header(answer, "relay");
        if (answer.relay().isEmpty()) {
            return out.put("ok", false).put("outcome", "NO_RELAY")
                    .put("errors", new JsonArray().add("the voice webhook answered HTTP " + answer.status()
                            + " without <Connect><ConversationRelay>: " + answer.body()));
        }
        long t0 = System.nanoTime();
        ConversationRelayCaller caller = callers.connect(calls.relay(answer).build());
        for (String p : prompts) {
            caller.prompt(p).waitForReply();
        }
        awaitAgentEnding(caller);
        caller.hangUp();
        RelayReport report = caller.awaitEnd(CALL_LIMIT);
        JsonArray errors = new JsonArray(new ArrayList<>(report.protocolErrors()));
        if (report.endReceived()) {
            // Twilio leaves the <Connect> for its action URL, which says what happens next
            RealtimeCalls.Reply next = calls.relayEnded(answer, report.sessionId(), report.handoffData());
            out.put("afterRelay", next.body());
        }
        calls.completed(answer.callSid(), from, to, Duration.ofNanos(System.nanoTime() - t0));
        JsonArray replies = new JsonArray();
        for (AgentReply r : report.replies()) {
            replies.add(new JsonObject().put("text", r.text()).put("tokens", r.tokens())
                    .put("firstTokenMs", r.timeToFirstTokenMs()).put("interrupted", r.interrupted()));
        }
        out.put("ok", errors.isEmpty())
                .put("outcome", report.endReceived() ? "ENDED_BY_AGENT" : report.end().name())
                .put("errors", errors)
                .put("handoffData", report.handoffData())
                .put("replies", replies);
        return finish(answer, out);
    }

    /**
     * After the last reply the agent may end the session itself (goodbye, transfer): its {@code end} message follows
     * the reply's last token, so the caller gives it a moment before hanging up, as a person would.
     */
    private static void awaitAgentEnding(ConversationRelayCaller caller) {
        try {
            caller.await(RelayReport::endReceived, AGENT_ENDING);
        } catch (IllegalStateException notEndedByTheAgent) {
            // timed out, or the session closed first: the caller hangs up (a no-op once it has ended)
        }
    }

    private static JsonObject header(RealtimeCalls.Answer answer, String mode) {
        return new JsonObject().put("callSid", answer.callSid()).put("from", answer.from()).put("to", answer.to())
                .put("mode", mode);
    }

    /** Adds what call-gateway stored and the conversation it shows. */
    private JsonObject finish(RealtimeCalls.Answer answer, JsonObject out) {
        SandboxEndpoints.fetchStoredCall(stack, answer.callSid(), out);
        out.put("conversation", conversation(out.getJsonObject("storedCall")));
        LOG.info(() -> "simulated " + out.getString("mode") + " call " + answer.callSid() + " to " + answer.to()
                + " ended: " + out.getString("outcome"));
        return out;
    }

    /** The stored transcript as conversation lines: the greeting, then per turn what the caller said and the reply. */
    static JsonArray conversation(JsonObject storedCall) {
        JsonArray lines = new JsonArray();
        if (storedCall == null) {
            return lines;
        }
        for (Object o : storedCall.getJsonArray("transcript", new JsonArray())) {
            if (!(o instanceof JsonObject t)) {
                continue;
            }
            String caller = t.getString("callerText");
            if (caller != null && !caller.isBlank()) {
                lines.add(line("caller", caller, "speech"));
            }
            String agent = t.getString("agentText");
            if (agent != null && !agent.isBlank()) {
                JsonObject ledger = t.getJsonObject("latency");
                String how = Boolean.TRUE.equals(t.getValue("interrupted")) ? "interrupted: what the caller heard"
                        : "outcome " + t.getString("outcome", "?");
                if (ledger != null && ledger.getValue("firstAudioMs") != null) {
                    how += ", first audio " + ledger.getValue("firstAudioMs") + " ms after the caller stopped";
                }
                lines.add(line("agent", agent, how));
            }
        }
        return lines;
    }

    private static JsonObject line(String speaker, String text, String how) {
        return new JsonObject().put("speaker", speaker).put("text", text).put("how", how);
    }
}
