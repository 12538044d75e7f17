package io.voiceagents.devstack;

import static io.voiceagents.devstack.RealtimeSandbox.CALL_LIMIT;
import static io.voiceagents.devstack.RealtimeSandbox.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.voiceagents.devstack.RealtimeSandbox.StreamCall;
import io.voiceagents.testkit.speech.SpeechFixtures;
import io.voiceagents.testkit.speech.SpeechFixtures.SpeechFixture;
import io.voiceagents.testkit.twilio.media.AgentUtterance;
import io.voiceagents.testkit.twilio.media.BargeIn;
import io.voiceagents.testkit.twilio.media.MediaStreamsCall;
import io.voiceagents.testkit.twilio.media.MediaStreamsCaller;
import io.voiceagents.testkit.twilio.media.MediaStreamsCallers;
import io.voiceagents.testkit.twilio.media.MediaStreamsReport;
import io.voiceagents.testkit.twilio.media.SignatureMode;
import io.voiceagents.testkit.twilio.media.StreamConnectException;
import io.voiceagents.testkit.twilio.media.StreamEnd;
import io.voiceagents.testkit.twilio.relay.AgentReply;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCall;
import io.voiceagents.testkit.twilio.relay.ConversationRelayCaller;
import io.voiceagents.testkit.twilio.relay.RelayReport;

/**
 * Real-time calls (issue 4) through the whole suite, entered as Twilio enters it: the signed voice webhook of the
 * stream (or relay) demo agent, its {@code <Connect>} TwiML followed to the gateway's socket through the front door
 * with the per-call token, real recorded speech paced in 20 ms frames, marks echoed as audio plays. agent-service,
 * tts-service and call-gateway run from their jars; Gemini, Google TTS and Speech-to-Text are emulated. One stack
 * serves every scenario (starting one costs tens of seconds); each scenario undoes what it set on the emulators.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealtimeCallsEndToEndTest {

    static final SpeechFixture OPENING_HOURS = SpeechFixtures.get(SpeechFixtures.OPENING_HOURS);
    static final SpeechFixture BOOKING = SpeechFixtures.get(SpeechFixtures.HELLO_BOOKING);
    static final SpeechFixture GOODBYE = SpeechFixtures.get(SpeechFixtures.GOODBYE);
    static final SpeechFixture INTERRUPT = SpeechFixtures.get(SpeechFixtures.INTERRUPT);
    static final SpeechFixture COUGH = SpeechFixtures.get(SpeechFixtures.COUGH);
    static final SpeechFixture YES_THANKS = SpeechFixtures.get(SpeechFixtures.YES_THANKS);
    /** What the Gemini emulator answers to the opening-hours question: the bistro's Sunday FACT. */
    static final String SUNDAY_REPLY = "[gemini-emulator] On Sunday we open at noon and close at 9 pm; other days we"
            + " open at 11 am.";
    /** After this long without agent audio the caller takes the reply as finished. */
    static final Duration AGENT_DONE = Duration.ofMillis(800);

    private RealtimeSandbox sandbox;

    @BeforeAll
    void startSuite() throws Exception {
        sandbox = RealtimeSandbox.start();
    }

    @AfterAll
    void stopSuite() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void resetProviders() {
        sandbox.resetProviders();
    }

    /** A stream call answered by the demo agent, the greeting heard to its end; the script goes on from there. */
    private StreamCall greeted(MediaStreamsCallers pool) {
        StreamCall call = sandbox.placeStreamCall(pool);
        call.caller().waitForAgentSpeech().waitUntilAgentQuiet(AGENT_DONE);
        return call;
    }

    private static void assertCleanStream(MediaStreamsReport report) {
        assertThat(report.protocolErrors()).as(report.summary()).isEmpty();
        assertThat(report.scriptFailure()).as(report.summary()).isNull();
    }

    @Nested
    class StreamMode {

        @Test
        void aCallOfSeveralTurnsIsHeardStoredAndMeasured() {
            StreamCall call = greeted(sandbox.streamCallers());
            MediaStreamsCaller caller = call.caller();
            caller.say(OPENING_HOURS).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE)
                    .say(BOOKING).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE)
                    .say(GOODBYE).waitForAgentReply();

            // the caller said goodbye: the agent's end_call tool hangs up over REST once its goodbye has played
            MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
            assertThat(report.end()).as(report.summary()).isEqualTo(StreamEnd.HUNG_UP_BY_REST);
            assertCleanStream(report);
            assertThat(report.clears()).as("nobody talked over anybody").isEmpty();
            assertThat(report.callerUtterances()).hasSize(3);
            AgentUtterance greeting = report.agentUtterances().get(0);
            assertThat(greeting.startMs()).isLessThan(report.callerUtterances().get(0).startMs());
            assertThat(greeting.heardMillis()).as("the greeting was heard").isGreaterThan(1000);
            // each reply began after the caller's utterance had ended, and before the caller spoke again
            assertThat(report.responseLatenciesMs()).hasSize(3).allSatisfy(ms -> assertThat(ms).isNotNegative());

            sandbox.complete(call);
            JsonNode stored = sandbox.awaitStatus(call.callSid(), "completed");
            assertThat(stored.get("agentId").asText()).isEqualTo(sandbox.stack().demoStreamAgentId().orElseThrow());
            assertThat(stored.get("transcript")).hasSize(4);
            assertThat(turn(stored, 0).get("agentText").asText()).isEqualTo("Harbor Bistro, how can I help?");
            List<SpeechFixture> said = List.of(OPENING_HOURS, BOOKING, GOODBYE);
            for (int i = 1; i <= 3; i++) {
                JsonNode t = turn(stored, i);
                assertThat(t.get("callerText").asText()).as("STT transcript of turn %d", i)
                        .isEqualTo(said.get(i - 1).transcript());
                assertThat(t.get("agentText").asText()).startsWith("[gemini-emulator]");
                assertThat(t.get("interrupted").asBoolean()).isFalse();
                assertLedger(t);
            }
            assertThat(turn(stored, 1).get("agentText").asText()).isEqualTo(SUNDAY_REPLY);
            assertThat(turn(stored, 2).get("agentText").asText()).contains("a table for two at 8 pm");
            assertThat(turn(stored, 3).get("outcome").asText()).isEqualTo("END_CALL");
            assertThat(sandbox.gatewayErrorsAbout(call.callSid())).isEmpty();
        }

        private void assertLedger(JsonNode turn) {
            JsonNode ledger = turn.get("latency");
            assertThat(ledger).as("latency ledger of %s", turn).isNotNull();
            for (String stage : List.of("endpointingMs", "sttFinalMs", "llmFirstTokenMs", "ttsFirstByteMs",
                    "firstAudioMs", "serverAddedMs")) {
                assertThat(ledger.get(stage)).as("%s of %s", stage, turn).isNotNull();
                assertThat(ledger.get(stage).isNull()).as("%s of %s", stage, turn).isFalse();
                assertThat(ledger.get(stage).asLong()).as("%s of %s", stage, turn).isNotNegative();
            }
            // the end-of-turn silence is waited out before the turn is decided; the first audio comes after it
            assertThat(ledger.get("firstAudioMs").asLong()).isGreaterThanOrEqualTo(ledger.get("endpointingMs").asLong());
        }

        @Test
        void talkingOverTheAgentClearsItsAudioKeepsWhatWasHeardAndGetsAnAnswer() {
            String rest = "We also serve a slow cooked brunch on Saturday and Sunday mornings, with fresh bread from"
                    + " the bakery next door and coffee roasted in town. Ask for the garden table.";
            sandbox.gemini().setAnswerSuffix(rest);
            StreamCall call = greeted(sandbox.streamCallers());
            MediaStreamsCaller caller = call.caller();
            // the first sentence plays for about 5.5 s, the second for 9 s: cut in during the second
            caller.say(OPENING_HOURS).waitForAgentReply().sayWhileAgentSpeaks(7_500, INTERRUPT);
            caller.awaitClears(1, CALL_LIMIT);
            // the answer to the interruption may be short again (it is asked for once the caller has finished)
            sandbox.gemini().setAnswerSuffix("");
            caller.waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE).hangUp();

            MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
            assertCleanStream(report);
            assertThat(report.end()).isEqualTo(StreamEnd.CALLER_HUNG_UP);
            assertThat(report.clears()).as(report.summary()).hasSize(1);
            BargeIn bargeIn = report.bargeIns().get(0);
            assertThat(bargeIn.agentWasSpeaking()).isTrue();
            assertThat(bargeIn.clearAfterMs()).as("clear came after the caller began").isNotNegative();
            assertThat(report.clears().get(0).droppedBytes()).as("queued audio was dropped").isPositive();
            assertThat(report.responseLatenciesMs().get(1)).as("the interruption was answered").isNotNegative();

            sandbox.complete(call);
            JsonNode stored = sandbox.awaitStatus(call.callSid(), "completed");
            JsonNode cut = turn(stored, 1);
            String generated = SUNDAY_REPLY + " " + rest;
            assertThat(cut.get("interrupted").asBoolean()).as(cut.toString()).isTrue();
            assertThat(cut.get("agentText").asText()).as("what was heard: the first sentence, not the second")
                    .isEqualTo(SUNDAY_REPLY);
            assertThat(generated).startsWith(cut.get("agentText").asText()).isNotEqualTo(cut.get("agentText").asText());
            JsonNode answer = turn(stored, 2);
            assertThat(answer.get("callerText").asText()).isEqualTo(INTERRUPT.transcript());
            assertThat(answer.get("agentText").asText()).startsWith("[gemini-emulator]");
            assertThat(answer.get("interrupted").asBoolean()).isFalse();
        }

        @Test
        void aCoughWhileTheAgentSpeaksDoesNotInterruptIt() {
            StreamCall call = greeted(sandbox.streamCallers());
            MediaStreamsCaller caller = call.caller();
            caller.say(OPENING_HOURS).waitForAgentReply().sayWhileAgentSpeaks(1_500, COUGH)
                    .waitUntilAgentQuiet(AGENT_DONE).hangUp();

            MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
            assertCleanStream(report);
            assertThat(report.bargeIns()).singleElement().satisfies(b -> assertThat(b.agentWasSpeaking()).isTrue());
            assertThat(report.clears()).as("a cough is not the caller taking the turn").isEmpty();

            sandbox.complete(call);
            JsonNode stored = sandbox.awaitStatus(call.callSid(), "completed");
            assertThat(stored.get("transcript")).as("no turn for the cough").hasSize(2);
            JsonNode reply = turn(stored, 1);
            assertThat(reply.get("interrupted").asBoolean()).isFalse();
            assertThat(reply.get("agentText").asText()).as("the reply completed").isEqualTo(SUNDAY_REPLY);
        }

        @Test
        void keysPressedReachTheAgent() {
            StreamCall call = greeted(sandbox.streamCallers());
            MediaStreamsCaller caller = call.caller();
            caller.dtmf("42#");
            caller.awaitAgentUtterances(2, CALL_LIMIT);
            caller.waitUntilAgentQuiet(AGENT_DONE).hangUp();
            MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
            assertCleanStream(report);
            assertThat(report.dtmfSent()).isEqualTo("42#");

            sandbox.complete(call);
            JsonNode keyed = turn(sandbox.awaitStatus(call.callSid(), "completed"), 1);
            assertThat(keyed.get("callerText").asText()).as(keyed.toString()).contains("42").doesNotContain("#");
            // the Gemini emulator echoes its input: agent-service gave the keys to the LLM as keypad input
            assertThat(keyed.get("agentText").asText()).isEqualTo("[gemini-emulator] You said: [keypad: 4 2]");
        }

        @Test
        void aSynthesisStreamFailingMidSentenceIsFollowedByTheApologyAndTheCallGoesOn() throws Exception {
            // "yes, thanks" is said in this test only: its reply is in no phrase cache, so tts-service streams it
            StreamCall call = greeted(sandbox.streamCallers());
            MediaStreamsCaller caller = call.caller();
            caller.awaitScript(CALL_LIMIT);
            sandbox.tts().failNextStreamAfterChunks(1);
            caller.say(YES_THANKS).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE)
                    .say(OPENING_HOURS).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE).hangUp();

            MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
            assertCleanStream(report);
            assertThat(sandbox.tts().streamingFailedCount()).as("the injected failure happened").isEqualTo(1);
            // one 250 ms chunk of the broken sentence, then the apology (about 4 s of audio)
            long heardAfterFirstUtterance = heardBetween(report, 0, 1);
            assertThat(heardAfterFirstUtterance).as("audio heard after the failure: " + report.summary())
                    .isGreaterThan(3_000);
            assertThat(report.responseLatenciesMs()).allSatisfy(ms -> assertThat(ms).isNotNegative());

            sandbox.complete(call);
            JsonNode stored = sandbox.awaitStatus(call.callSid(), "completed");
            JsonNode failed = turn(stored, 1);
            assertThat(failed.get("ttsFallback").asBoolean()).as(failed.toString()).isTrue();
            assertThat(failed.get("agentText").asText()).as("the stored turn says what was said")
                    .contains("Sorry, I'm having trouble");
            assertThat(turn(stored, 2).get("agentText").asText()).as("the call went on").isEqualTo(SUNDAY_REPLY);
        }

        @Test
        void anLlmStreamBreakingMidReplyEndsInTheFallbackSentenceAndTheCallGoesOn() {
            sandbox.gemini().setAnswerSuffix("And there is more to say about that, much more.");
            StreamCall call = greeted(sandbox.streamCallers());
            MediaStreamsCaller caller = call.caller();
            caller.awaitScript(CALL_LIMIT);
            sandbox.gemini().failStreamAfterChunks(2);
            caller.say(BOOKING).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE);
            caller.awaitScript(CALL_LIMIT);
            sandbox.gemini().setAnswerSuffix("");
            caller.say(OPENING_HOURS).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE).hangUp();

            MediaStreamsReport report = caller.awaitEnd(CALL_LIMIT);
            assertCleanStream(report);
            assertThat(sandbox.gemini().brokenStreams()).as("the injected failure happened").isEqualTo(1);
            assertThat(report.responseLatenciesMs()).allSatisfy(ms -> assertThat(ms).isNotNegative());

            sandbox.complete(call);
            JsonNode stored = sandbox.awaitStatus(call.callSid(), "completed");
            JsonNode broken = turn(stored, 1);
            assertThat(broken.get("outcome").asText()).as(broken.toString()).isEqualTo("FALLBACK");
            // two streamed events of three words reached the caller before the stream broke
            assertThat(broken.get("agentText").asText()).startsWith("[gemini-emulator] Tables can be")
                    .doesNotContain("eight people");
            assertThat(broken.get("agentText").asText()).as("a fallback sentence follows the broken reply")
                    .endsWith(" Sorry, I had trouble with that. Could you say it again?");
            // the words before the break (about 2.5 s) and the apology after it (about 3.3 s) were both heard
            assertThat(heardBetween(report, 0, 1)).as("audio heard after the failure: " + report.summary())
                    .isGreaterThan(4_000);
            assertThat(turn(stored, 2).get("agentText").asText()).as("the call went on").isEqualTo(SUNDAY_REPLY);
        }
    }

    /** Audio heard (ms) in the agent utterances that began after caller utterance {@code from} ended, before {@code to}. */
    private static long heardBetween(MediaStreamsReport report, int from, int to) {
        long start = report.callerUtterances().get(from).endMs();
        long end = to < report.callerUtterances().size() ? report.callerUtterances().get(to).startMs() : Long.MAX_VALUE;
        return report.agentUtterances().stream().filter(a -> a.startMs() >= start && a.startMs() < end)
                .mapToLong(AgentUtterance::heardMillis).sum();
    }

    @Nested
    class Sockets {

        @Test
        void unsignedAndForgedUpgradesAreRejected() {
            RealtimeCalls.Answer stream = sandbox.calls().answer(RealtimeSandbox.CALLER,
                    sandbox.stack().demoStreamPhoneNumber());
            RealtimeCalls.Answer relay = sandbox.calls().answer(RealtimeSandbox.CALLER,
                    sandbox.stack().demoRelayPhoneNumber());
            MediaStreamsCallers media = sandbox.streamCallers();
            assertRefused(() -> media.connect(sandbox.calls().stream(stream).signature(SignatureMode.NONE).build()), 400);
            assertRefused(() -> media.connect(sandbox.calls().stream(stream).signature(SignatureMode.FORGED).build()), 403);
            assertRefused(() -> sandbox.relayCallers().connect(
                    sandbox.calls().relay(relay).signature(SignatureMode.NONE).build()), 400);
            assertRefused(() -> sandbox.relayCallers().connect(
                    sandbox.calls().relay(relay).signature(SignatureMode.FORGED).build()), 403);
        }

        private void assertRefused(Runnable connect, int status) {
            assertThatThrownBy(connect::run).isInstanceOfSatisfying(StreamConnectException.class,
                    e -> assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status));
        }

        @Test
        void aSignedSocketWithAWrongOrMissingCallTokenIsClosedWithAReason() {
            RealtimeCalls calls = sandbox.calls();
            RealtimeCalls.Answer answer = calls.answer(RealtimeSandbox.CALLER, sandbox.stack().demoStreamPhoneNumber());
            MediaStreamsCaller wrong = sandbox.streamCallers().connect(
                    calls.stream(answer).customParameter("token", "not-the-token-of-this-call").build());
            String wssUrl = answer.stream().orElseThrow().url();
            MediaStreamsCaller missing = sandbox.streamCallers().connect(MediaStreamsCall.to(calls.socketUrl(wssUrl))
                    .signedUrl(wssUrl).callSid(answer.callSid()).toNumber(answer.to()).build());
            for (MediaStreamsCaller refused : List.of(wrong, missing)) {
                MediaStreamsReport report = refused.awaitEnd(CALL_LIMIT);
                assertThat(report.end()).as(report.summary()).isEqualTo(StreamEnd.CLOSED_BY_SERVER);
                assertThat(report.closeCode()).isEqualTo(1008);
                assertThat(report.closeReason()).isEqualTo("invalid call token");
                assertThat(report.agentBytesReceived()).as("nothing was said to an impostor").isZero();
            }

            RealtimeCalls.Answer relay = calls.answer(RealtimeSandbox.CALLER, sandbox.stack().demoRelayPhoneNumber());
            ConversationRelayCaller impostor = sandbox.relayCallers().connect(
                    calls.relay(relay).customParameter("token", "not-the-token-of-this-call").build());
            RelayReport relayReport = impostor.awaitEnd(CALL_LIMIT);
            assertThat(relayReport.end()).as(relayReport.summary()).isEqualTo(StreamEnd.CLOSED_BY_SERVER);
            assertThat(relayReport.closeReason()).isEqualTo("invalid call token");
            assertThat(relayReport.replies()).isEmpty();
        }

        @Test
        void aSocketDroppedMidCallEndsTheCallCleanlyWithItsTurnsStored() throws Exception {
            double endedBefore = RealtimeMetrics.sessionsEnded(sandbox.stack(), "socket-closed");
            // a pool of its own: closing it drops its sockets without stop, as a network failure would
            try (MediaStreamsCallers network = MediaStreamsCallers.create(sandbox.stack().twilioAccountSid(),
                    sandbox.stack().twilioAuthToken())) {
                StreamCall call = greeted(network);
                call.caller().say(OPENING_HOURS).waitForAgentReply().waitUntilAgentQuiet(AGENT_DONE)
                        .say(BOOKING).waitForAgentReply();
                call.caller().awaitScript(CALL_LIMIT);
                network.close();
                MediaStreamsReport report = call.caller().awaitEnd(CALL_LIMIT);
                assertThat(report.end()).isEqualTo(StreamEnd.ABORTED);

                JsonNode stored = sandbox.awaitStoredCall(call.callSid(), c -> c.path("transcript").size() == 3);
                assertThat(stored.get("status").asText()).as("Twilio has not reported the end yet")
                        .isNotEqualTo("completed");
                assertThat(turn(stored, 1).get("agentText").asText()).isEqualTo(SUNDAY_REPLY);
                JsonNode cut = turn(stored, 2);
                assertThat(cut.get("callerText").asText()).isEqualTo(BOOKING.transcript());
                assertThat(cut.get("interrupted").asBoolean()).as("the reply was cut by the drop").isTrue();
                await(() -> RealtimeMetrics.sessionsEnded(sandbox.stack(), "socket-closed") > endedBefore);

                sandbox.complete(call);
                sandbox.awaitStatus(call.callSid(), "completed");
                assertThat(sandbox.gatewayErrorsAbout(call.callSid())).isEmpty();
            }
        }
    }

    /** The refused handshake in a failed connection's causes. */
    private static WebSocketHandshakeException handshakeRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException refusal) {
                return refusal;
            }
        }
        throw new AssertionError("not a refused handshake", e);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(RealtimeSandbox.STORE_WAIT).until(condition);
    }

    @Nested
    class RelayMode {

        @Test
        void aRelayCallIsAnsweredTokenByTokenInterruptedAndEndedByTheAgent() {
            RealtimeCalls calls = sandbox.calls();
            RealtimeCalls.Answer answer = calls.answer(RealtimeSandbox.CALLER, sandbox.stack().demoRelayPhoneNumber());
            assertThat(answer.relay()).as(answer.body()).isPresent();
            long started = System.nanoTime();
            ConversationRelayCall session = calls.relay(answer).build();
            ConversationRelayCaller caller = sandbox.relayCallers().connect(session);

            caller.prompt("What time do you open on Sunday?").waitForReply();
            AgentReply first = caller.awaitReply(CALL_LIMIT);
            assertThat(first.text()).isEqualTo(SUNDAY_REPLY);
            assertThat(first.tokens()).as("streamed, not sent whole").isGreaterThan(2);
            assertThat(first.complete()).isTrue();

            String rest = "We also serve brunch on weekends, with bread from the bakery next door.";
            sandbox.gemini().setAnswerSuffix(rest);
            caller.prompt("Tell me about Sunday").interruptAfter(Duration.ofMillis(1_500));
            RelayReport interrupted = caller.await(r -> !r.interrupts().isEmpty(), CALL_LIMIT);
            String heard = interrupted.interrupts().get(0).utteranceUntilInterrupt();
            assertThat(heard).isNotBlank();
            sandbox.gemini().setAnswerSuffix("");

            caller.prompt("Thanks, goodbye.").waitForReply();
            RelayReport report = caller.awaitEnd(CALL_LIMIT);
            assertThat(report.protocolErrors()).as(report.summary()).isEmpty();
            assertThat(report.endReceived()).as(report.summary()).isTrue();
            assertThat(report.end()).isEqualTo(StreamEnd.ENDED_BY_AGENT);
            assertThat(report.handoffData()).contains("end-call");

            // Twilio leaves the <Connect> for its action URL, which ends the call
            RealtimeCalls.Reply next = calls.relayEnded(answer, report.sessionId(), report.handoffData());
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).contains("<Hangup/>");
            RealtimeCalls.Reply done = calls.completed(answer.callSid(), RealtimeSandbox.CALLER, answer.to(),
                    Duration.ofNanos(System.nanoTime() - started));
            assertThat(done.status()).isBetween(200, 204);

            JsonNode stored = sandbox.awaitStatus(answer.callSid(), "completed");
            JsonNode one = turn(stored, 1);
            assertThat(one.get("callerText").asText()).isEqualTo("What time do you open on Sunday?");
            assertThat(one.get("agentText").asText()).isEqualTo(SUNDAY_REPLY);
            assertThat(one.get("latency").get("llmFirstTokenMs").isNull()).isFalse();
            assertThat(one.get("latency").get("firstAudioMs").asLong()).isNotNegative();
            JsonNode two = turn(stored, 2);
            assertThat(two.get("interrupted").asBoolean()).as(two.toString()).isTrue();
            assertThat(two.get("agentText").asText()).as("only what Twilio had spoken").isEqualTo(heard.strip());
            assertThat(SUNDAY_REPLY + " " + rest).startsWith(two.get("agentText").asText());
            assertThat(turn(stored, 3).get("outcome").asText()).isEqualTo("END_CALL");
        }
    }

    @Nested
    class LiveEvents {

        @Test
        void aDashboardSeesTheCallsStateAndTranscriptAsTheyHappen() {
            RealtimeCalls calls = sandbox.calls();
            RealtimeCalls.Answer answer = calls.answer(RealtimeSandbox.CALLER, sandbox.stack().demoStreamPhoneNumber());
            assertThatThrownBy(() -> LiveEventsClient.open(sandbox.stack(), answer.callSid(), null).close())
                    .as("the live view needs the API key")
                    .satisfies(e -> assertThat(handshakeRefusal(e).getResponse().statusCode()).isEqualTo(401));
            try (LiveEventsClient live = LiveEventsClient.open(sandbox.stack(), answer.callSid(),
                    RealtimeSandbox.API_KEY)) {
                JsonNode snapshot = live.awaitEvent("SNAPSHOT", RealtimeSandbox.STORE_WAIT);
                assertThat(snapshot.path("call").path("callSid").asText()).isEqualTo(answer.callSid());

                long started = System.nanoTime();
                MediaStreamsCaller caller = sandbox.streamCallers().connect(calls.stream(answer).build());
                caller.waitForAgentSpeech().waitUntilAgentQuiet(AGENT_DONE).say(OPENING_HOURS).waitForAgentReply()
                        .waitUntilAgentQuiet(AGENT_DONE);

                // seen while the call is still going on
                JsonNode heard = live.awaitMessage(m -> "CALLER_FINAL".equals(m.path("type").asText())
                        && m.path("turnIndex").asInt() == 1, CALL_LIMIT);
                assertThat(heard.path("text").asText()).isEqualTo(OPENING_HOURS.transcript());
                JsonNode done = live.awaitMessage(m -> "AGENT_DONE".equals(m.path("type").asText())
                        && m.path("turnIndex").asInt() == 1, CALL_LIMIT);
                assertThat(done.path("text").asText()).isEqualTo(SUNDAY_REPLY);
                assertThat(caller.report().ended()).as("the events came during the call").isFalse();
                String streamed = String.join("", live.events("AGENT_TEXT").stream()
                        .filter(e -> e.path("turnIndex").asInt() == 1).map(e -> e.path("text").asText()).toList());
                assertThat(streamed).as("the reply's text as it was generated").isEqualTo(SUNDAY_REPLY);

                caller.hangUp();
                caller.awaitEnd(CALL_LIMIT);
                live.awaitEvent("ENDED", RealtimeSandbox.STORE_WAIT);
                calls.completed(answer.callSid(), RealtimeSandbox.CALLER, answer.to(),
                        Duration.ofNanos(System.nanoTime() - started));
                JsonNode status = live.awaitEvent("STATUS", RealtimeSandbox.STORE_WAIT);
                assertThat(status.path("text").asText()).isEqualTo("completed");

                List<String> types = live.types();
                assertThat(types.get(0)).isEqualTo("SNAPSHOT");
                assertThat(types).containsSubsequence("CALLER_SPEAKING", "CALLER_FINAL", "AGENT_TEXT", "AGENT_DONE",
                        "ENDED", "STATUS");
            }
        }
    }
}
