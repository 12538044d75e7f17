package io.voiceagents.gateway.application.stream;

import static io.voiceagents.gateway.support.stream.SessionHarness.APOLOGY;
import static io.voiceagents.gateway.support.stream.SessionHarness.CALL_SID;
import static io.voiceagents.gateway.support.stream.SessionHarness.GOODBYE;
import static io.voiceagents.gateway.support.stream.SessionHarness.REPROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.domain.stream.TurnLatency;
import io.voiceagents.gateway.support.stream.FakeConversationStreams;
import io.voiceagents.gateway.support.stream.FakeStreamingSpeech;
import io.voiceagents.gateway.support.stream.SessionHarness;
import io.voiceagents.gateway.support.stream.TwilioLine;

/**
 * The `stream` session's behaviour over a call's timeline, with fake providers and a Twilio line that plays
 * audio and echoes marks in (manual) real time.
 */
class StreamSessionTest {

    private static final String GREETING = "Hello, this is Ada. How can I help?";

    private final SessionHarness h = new SessionHarness();

    /** The caller says something: speech, then the end-of-turn silence. */
    private void callerTurn(long speechMs) {
        h.speakMs(speechMs).silenceMs(700);
    }

    /** The rest of "Sure, a table for two. Anything else?": its last words, the reply's end, the second sentence. */
    private static void finishTheTableReply(SessionHarness harness) {
        harness.agent.last().delta(" else?");
        harness.agent.last().complete(TurnOutcome.OK, null);
        harness.tts.syntheses.get(2).audio(5);
        harness.tts.syntheses.get(2).complete();
        harness.silenceMs(1000);
    }

    private Turn storedTurn(int index) {
        return storedTurn(h, index);
    }

    private static Turn storedTurn(SessionHarness harness, int index) {
        return harness.turns.find(CALL_SID, index).orElseThrow(() -> new AssertionError("turn " + index + " not stored"));
    }

    private List<LiveCallEvent.Type> liveTypes() {
        return h.live.types(CALL_SID);
    }

    @Test
    void synthesisedAudioIsSentWithoutWaitingForTheSessionThread() {
        List<Runnable> held = new ArrayList<>();
        boolean[] busy = {false};
        // the session's steps run at once, except while its thread is "busy" with other calls: then they wait
        SessionHarness h = new SessionHarness(SessionHarness.defaults(), step -> {
            if (busy[0]) {
                held.add(step);
            } else {
                step.run();
            }
        });
        h.agent.manual(true);
        h.tts.manual(true);
        h.begin(null);
        h.stt.willHear("Book a table");
        h.speakMs(600);
        long speechEnd = h.time.nanoTime();
        h.silenceMs(700);
        h.agent.last().delta("Sure, a table for two. Anything");
        var synthesis = h.tts.syntheses.get(1);
        assertThat(synthesis.text).isEqualTo("Sure, a table for two.");
        busy[0] = true;

        synthesis.audio(10); // on tts-service's network thread
        h.serveNow();

        assertThat(h.twilio.audioFrames()).as("up to the next tick plus the lead, before the session ran").isEqualTo(6);
        assertThat(held).isNotEmpty();
        long delivered = h.time.nanoTime();
        h.advance(Duration.ofMillis(500));
        busy[0] = false;
        held.forEach(Runnable::run);
        synthesis.complete();
        finishTheTableReply(h);
        // the first audio is stamped when it arrived, not when the session got to it 500 ms later
        long arrivedMs = (delivered - speechEnd) / 1_000_000L;
        assertThat(storedTurn(h, 1).ledger().firstAudioMs()).isBetween(arrivedMs - 100, arrivedMs + 100);
    }

    @Test
    void theGreetingIsSpokenThenACallerTurnIsRecognisedAnsweredSpokenAndStored() {
        h.begin(GREETING).silenceMs(1500);
        assertThat(h.twilio.marks()).containsExactly("t0.u1.s0", "t0.u1.s1");
        assertThat(h.twilio.echoed()).containsExactly("t0.u1.s0", "t0.u1.s1");
        assertThat(h.twilio.audioFrames()).isEqualTo("Hello, this is Ada.".length() + "How can I help?".length());
        assertThat(liveTypes()).contains(LiveCallEvent.Type.AGENT_DONE);

        h.stt.willHear("What are your opening hours?");
        callerTurn(600);
        h.silenceMs(1500);

        assertThat(h.stt.recognitions).hasSize(1);
        var recognition = h.stt.last();
        assertThat(recognition.options.language()).isEqualTo("en-US");
        assertThat(recognition.finished).isTrue();
        // the speech, plus the pre-roll before the detected start (and the end-of-turn silence)
        assertThat(recognition.bytes.get()).isGreaterThanOrEqualTo((600 + 300) * 8);
        FakeConversationStreams.Request request = h.agent.last().request;
        assertThat(request.utterance()).isEqualTo("What are your opening hours?");
        assertThat(request.turnId()).isEqualTo(CALL_SID + ":1");
        assertThat(request.dtmfDigits()).isNull();
        Turn turn = storedTurn(1);
        assertThat(turn.callerText()).isEqualTo("What are your opening hours?");
        assertThat(turn.agentText()).isEqualTo("You said: What are your opening hours?");
        assertThat(turn.outcome()).isEqualTo(TurnOutcome.OK);
        assertThat(turn.interrupted()).isFalse();
        assertThat(turn.confidence()).isEqualTo(0.9f);
        assertThat(turn.llmLatencyMs()).isEqualTo(420);
        LatencyLedger ledger = turn.ledger();
        assertThat(ledger.endpointingMs()).isEqualTo(700);
        assertThat(ledger.llmFirstTokenMs()).isEqualTo(FakeConversationStreams.FIRST_TOKEN_MS);
        assertThat(ledger.ttsFirstByteMs()).isEqualTo(FakeStreamingSpeech.PROVIDER_FIRST_BYTE_MS);
        assertThat(ledger.firstAudioMs()).isEqualTo(700);
        assertThat(h.meters.turnEvents).singleElement().satisfies(e -> assertThat(e.turnIndex()).isEqualTo(1));
        assertThat(h.meters.ledgers).containsExactly(ledger);
        assertThat(liveTypes()).containsSubsequence(LiveCallEvent.Type.CALLER_SPEAKING, LiveCallEvent.Type.CALLER_FINAL,
                LiveCallEvent.Type.AGENT_TEXT, LiveCallEvent.Type.AGENT_DONE);
        assertThat(h.meters.frameLateness).isNotEmpty().allMatch(lateness -> lateness == 0);
    }

    @Test
    void theLedgerCountsProviderTimeAndLeavesTheRestAsServerAdded() {
        h.agent.manual(true);
        h.tts.manual(true);
        h.begin(null);
        callerTurn(600); // decided 700 ms after the last speech frame
        h.advance(Duration.ofMillis(150));
        h.stt.last().hear("Book a table", 0.8f);
        h.advance(Duration.ofMillis(320)); // agent-service reports 300 of these as the LLM's
        h.agent.last().delta("Sure, ");
        h.advance(Duration.ofMillis(80)); // the LLM still writing the first sentence
        h.agent.last().delta("a table for two. Anything");
        h.advance(Duration.ofMillis(170)); // tts-service reports 150 of these as the provider's
        var synthesis = h.tts.syntheses.get(1); // the first is the apology, asked for when the call started
        assertThat(synthesis.text).isEqualTo("Sure, a table for two.");
        synthesis.audio(10);
        h.serveNow();
        synthesis.complete();
        finishTheTableReply(h);

        LatencyLedger ledger = storedTurn(1).ledger();
        assertThat(ledger.endpointingMs()).isEqualTo(700);
        assertThat(ledger.sttFinalMs()).isEqualTo(150);
        assertThat(ledger.llmFirstTokenMs()).isEqualTo(300);
        assertThat(ledger.ttsFirstByteMs()).isEqualTo(150);
        assertThat(ledger.firstAudioMs()).isEqualTo(700 + 150 + 320 + 80 + 170);
        // 20 ms of agent-service's own time before its first token, 20 ms of tts-service's before the first byte
        assertThat(ledger.serverAddedMs()).isEqualTo(40);
        // split: the 20 before the first token, the 20 before the first byte, and the frame left at once
        assertThat(h.meters.serverAddedParts).containsExactly(new TurnLatency.ServerAddedParts(20, 20, 0));
        assertThat(storedTurn(1).agentText()).isEqualTo("Sure, a table for two. Anything else?");
    }

    @Test
    void bargeInMidSentenceClearsCancelsAndKeepsOnlyWhatWasHeard() {
        h.agent.manual(true);
        h.begin(null);
        h.stt.willHear("Tell me about your prices.", "Stop, I have another question.");
        callerTurn(600);
        var reply = h.agent.last();
        reply.delta("First sentence is here. Second");
        reply.delta(" sentence is a bit longer than the first. Third");
        h.silenceMs(700); // sentence one (460 ms) has played and its mark came back; sentence two is playing
        assertThat(h.twilio.echoed()).containsExactly("t1.u1.s0");

        h.speakMs(400);

        assertThat(h.twilio.clears()).isEqualTo(1);
        assertThat(reply.cancelled).isTrue();
        assertThat(h.tts.syntheses).filteredOn(s -> !s.text.equals(APOLOGY)).hasSize(2).allMatch(s -> s.cancelled);
        List<TwilioLine.Sent> sent = h.twilio.sent();
        int clear = sent.indexOf(sent.stream().filter(s -> s instanceof TwilioLine.Clear).findFirst().orElseThrow());
        assertThat(sent.subList(clear, sent.size())).noneMatch(s -> s instanceof TwilioLine.Audio);
        assertThat(h.agent.interruptions).containsExactly(
                new FakeConversationStreams.Interruption(CALL_SID, CALL_SID + ":1", "First sentence is here."));
        Turn interrupted = storedTurn(1);
        assertThat(interrupted.interrupted()).isTrue();
        assertThat(interrupted.agentText()).isEqualTo("First sentence is here.");
        assertThat(h.meters.bargeIns).hasSize(1);
        assertThat(h.live.events).filteredOn(e -> e.type() == LiveCallEvent.Type.AGENT_INTERRUPTED)
                .singleElement().satisfies(e -> assertThat(e.text()).isEqualTo("First sentence is here."));

        // the interrupting utterance, recognised since its start, is the next turn
        h.silenceMs(700);
        assertThat(h.agent.replies).hasSize(2);
        assertThat(h.agent.last().request.utterance()).isEqualTo("Stop, I have another question.");
        assertThat(h.agent.last().request.turnId()).isEqualTo(CALL_SID + ":2");
        assertThat(h.stt.recognitions.get(1).bytes.get()).as("pre-roll and all the speech")
                .isGreaterThanOrEqualTo((400 + 300) * 8);
    }

    @Test
    void aCoughOrAShortMhmDoesNotInterruptTheAgent() {
        String longGreeting = "Welcome to the Blue Door restaurant. We are open every day from noon until late at night, "
                + "and we have tables inside and on the terrace. How can I help you today?";
        h.begin(longGreeting).silenceMs(200);

        h.speakMs(140).silenceMs(300);  // a cough: shorter than the minimum speech
        h.speakMs(300).silenceMs(2000); // "mhm": speech, but shorter than the barge-in minimum
        h.silenceMs(2000);

        assertThat(h.twilio.clears()).isZero();
        assertThat(h.stt.recognitions).singleElement().satisfies(r -> assertThat(r.cancelled).isTrue());
        assertThat(h.agent.replies).isEmpty();
        assertThat(h.agent.interruptions).isEmpty();
        assertThat(liveTypes()).doesNotContain(LiveCallEvent.Type.AGENT_INTERRUPTED).contains(LiveCallEvent.Type.AGENT_DONE);
        assertThat(h.twilio.echoed()).hasSize(h.twilio.marks().size());
    }

    @Test
    void keysAreCollectedUntilHashOrAPauseAndAnsweredAsTurns() {
        h.begin(null);
        h.session.dtmf('1');
        h.session.dtmf('2');
        h.session.dtmf('#');
        h.silenceMs(1000);

        assertThat(h.agent.replies).singleElement().satisfies(r -> {
            assertThat(r.request.dtmfDigits()).isEqualTo("12");
            assertThat(r.request.utterance()).isEmpty();
        });
        Turn keyed = storedTurn(1);
        assertThat(keyed.callerText()).isEqualTo("DTMF: 12");
        assertThat(keyed.confidence()).isNull();
        assertThat(keyed.agentText()).isEqualTo("You pressed 12.");
        assertThat(keyed.ledger().endpointingMs()).isNull();

        h.session.dtmf('4');
        h.session.dtmf('2');
        h.silenceMs(1400);
        assertThat(h.agent.replies).hasSize(1);
        h.silenceMs(200);
        assertThat(h.agent.replies).hasSize(2);
        assertThat(h.agent.last().request.dtmfDigits()).isEqualTo("42");
        assertThat(liveTypes()).filteredOn(t -> t == LiveCallEvent.Type.DTMF).hasSize(5);
    }

    @Test
    void aKeyPressedWhileTheAgentSpeaksInterruptsIt() {
        h.begin(GREETING).silenceMs(100);
        h.session.dtmf('0');
        assertThat(h.twilio.clears()).isEqualTo(1);
        assertThat(h.agent.interruptions).singleElement()
                .satisfies(i -> assertThat(i.turnId()).isEqualTo(CALL_SID + ":0"));
    }

    @Test
    void endCallFinishesSpeakingUntilTheLastMarkThenHangsUp() {
        String farewell = "Goodbye, thanks for calling and have a wonderful evening."; // 1140 ms of audio
        h.agent.script(r -> FakeConversationStreams.Script.say(farewell, TurnOutcome.END_CALL, null));
        h.begin(null);
        h.stt.willHear("ok bye");
        callerTurn(500);
        h.silenceMs(200);
        assertThat(h.control.hangUps).as("still speaking").isEmpty();
        h.speakMs(500); // the caller talks over the goodbye: it is not cut off
        assertThat(h.control.hangUps).isEmpty();
        h.silenceMs(1000);

        assertThat(h.twilio.clears()).isZero();
        assertThat(h.control.hangUps).containsExactly(CALL_SID);
        assertThat(h.stt.recognitions).hasSize(1);
        Turn last = storedTurn(1);
        assertThat(last.outcome()).isEqualTo(TurnOutcome.END_CALL);
        assertThat(last.agentText()).isEqualTo(farewell);
        // the hang-up came after the echo of the last mark
        assertThat(h.twilio.echoed()).contains("t1.u1.s0");
    }

    @Test
    void aTransferFinishesSpeakingThenMovesTheCall() {
        h.agent.script(r -> FakeConversationStreams.Script.say("Let me put you through to a colleague.",
                TurnOutcome.TRANSFER, "+15005550123"));
        h.begin(null);
        h.stt.willHear("A person please");
        callerTurn(500);
        h.silenceMs(200);
        assertThat(h.control.transfers).isEmpty();
        h.silenceMs(1500);

        assertThat(h.control.transfers).containsExactly(CALL_SID + "->+15005550123");
        assertThat(storedTurn(1).outcome()).isEqualTo(TurnOutcome.TRANSFER);
    }

    @Test
    void aFailedHangUpClosesTheSocketSoTheTwimlEndsTheCall() {
        h.control.failing(true);
        h.begin(null);
        h.stt.willHear("bye now");
        callerTurn(500);
        h.silenceMs(1500);
        assertThat(h.twilio.closedWith()).isEqualTo("call update failed");
    }

    @Test
    void silenceGetsRepromptsThenAGoodbyeAndAHangUp() {
        h.begin(null);
        h.silence(Duration.ofSeconds(8)).silenceMs(100);
        assertThat(h.tts.texts()).containsSubsequence(REPROMPT);
        h.silence(Duration.ofSeconds(9));
        h.silence(Duration.ofSeconds(8)).silenceMs(100);
        assertThat(h.control.hangUps).isEmpty();
        h.silence(Duration.ofSeconds(3));

        assertThat(h.tts.texts()).filteredOn(REPROMPT::equals).hasSize(2);
        assertThat(h.tts.texts()).contains("It seems we got disconnected.", "Thank you for calling.", "Goodbye.");
        assertThat(h.control.hangUps).containsExactly(CALL_SID);
        assertThat(h.agent.replies).isEmpty();
        assertThat(GOODBYE).startsWith("It seems we got disconnected.");
    }

    @Test
    void speakingResetsTheSilenceCount() {
        h.begin(null);
        h.silence(Duration.ofSeconds(9));
        h.stt.willHear("Still here");
        callerTurn(500);
        h.silence(Duration.ofSeconds(9));
        h.silence(Duration.ofSeconds(9));
        assertThat(h.tts.texts()).filteredOn(REPROMPT::equals).hasSize(3);
        assertThat(h.control.hangUps).isEmpty();
    }

    @Test
    void anAgentFailureMidReplyIsFollowedByTheApology() {
        h.agent.manual(true);
        h.begin(null);
        h.stt.willHear("What is on the menu?");
        callerTurn(600);
        h.agent.last().delta("Let me check the menu for you. Today");
        h.agent.last().fail();
        h.silenceMs(3000);

        Turn turn = storedTurn(1);
        assertThat(turn.outcome()).isEqualTo(TurnOutcome.FALLBACK);
        assertThat(turn.agentText()).isEqualTo("Let me check the menu for you. " + APOLOGY);
        assertThat(h.twilio.audioFrames()).isEqualTo(
                FakeStreamingSpeech.framesFor("Let me check the menu for you.") + FakeStreamingSpeech.framesFor(APOLOGY));
        // the apology came from memory: synthesised once, when the call started
        assertThat(h.tts.texts()).filteredOn(APOLOGY::equals).hasSize(1);
        assertThat(h.agent.last().cancelled).isTrue();
    }

    @Test
    void anAgentThatStallsPastTheBudgetIsTreatedAsFailed() {
        h.agent.manual(true);
        h.begin(null);
        h.stt.willHear("Hello?");
        callerTurn(500);
        h.silence(Duration.ofSeconds(5));
        assertThat(h.agent.last().cancelled).as("given up after the 5 s reply budget").isTrue();
        h.silence(Duration.ofSeconds(2)); // the apology plays
        assertThat(storedTurn(1).outcome()).isEqualTo(TurnOutcome.FALLBACK);
        assertThat(storedTurn(1).agentText()).isEqualTo(APOLOGY);
    }

    @Test
    void aSentenceThatCannotBeSynthesisedIsReplacedByTheApology() {
        h.tts.failWhen(text -> text.contains("broken"));
        h.agent.script(r -> FakeConversationStreams.Script.say("First part works. This broken part fails. Never said.",
                TurnOutcome.OK, null));
        h.begin(null);
        h.stt.willHear("Tell me");
        callerTurn(500);
        h.silenceMs(3000);

        Turn turn = storedTurn(1);
        assertThat(turn.outcome()).isEqualTo(TurnOutcome.FALLBACK);
        assertThat(turn.ttsFallback()).isTrue();
        assertThat(turn.agentText()).isEqualTo("First part works. " + APOLOGY);
        assertThat(h.tts.syntheses).filteredOn(s -> s.text.equals("Never said.")).allMatch(s -> s.cancelled);
        assertThat(h.twilio.audioFrames()).isEqualTo(
                FakeStreamingSpeech.framesFor("First part works.") + FakeStreamingSpeech.framesFor(APOLOGY));
    }

    @Test
    void aRecognitionFailureIsApologisedForAndTheCallKeepsListening() {
        h.begin(null);
        h.speakMs(300);
        h.stt.last().fail();
        h.speakMs(300).silenceMs(700);
        h.silenceMs(2000);
        assertThat(h.agent.replies).isEmpty();
        assertThat(h.twilio.audioFrames()).isEqualTo(FakeStreamingSpeech.framesFor(APOLOGY));

        h.stt.willHear("Hello again");
        callerTurn(500);
        assertThat(h.agent.replies).singleElement()
                .satisfies(r -> assertThat(r.request.utterance()).isEqualTo("Hello again"));
    }

    @Test
    void withoutAFinalInTimeTheLastInterimIsAnswered() {
        h.begin(null);
        h.speakMs(400);
        h.stt.last().interim("what time do you");
        h.speakMs(200).silenceMs(700);
        assertThat(h.agent.replies).isEmpty();
        h.silenceMs(1000);

        assertThat(h.stt.last().cancelled).isTrue();
        assertThat(h.agent.replies).singleElement()
                .satisfies(r -> assertThat(r.request.utterance()).isEqualTo("what time do you"));
        h.silenceMs(1500);
        assertThat(storedTurn(1).ledger().sttFinalMs()).isEqualTo(1000);
        assertThat(liveTypes()).contains(LiveCallEvent.Type.CALLER_INTERIM);
    }

    @Test
    void withoutAnyTranscriptTheCallerIsAskedToRepeat() {
        h.begin(null);
        callerTurn(600);
        h.silenceMs(1000).silenceMs(2000);
        assertThat(h.agent.replies).isEmpty();
        assertThat(h.twilio.audioFrames()).isEqualTo(FakeStreamingSpeech.framesFor(APOLOGY));
    }

    @Test
    void speechWithoutWordsGetsNoReply() {
        h.begin(null);
        h.stt.willHear("");
        callerTurn(600);
        h.silenceMs(1000);
        assertThat(h.agent.replies).isEmpty();
        assertThat(h.twilio.audioFrames()).isZero();
        h.silence(Duration.ofSeconds(8));
        assertThat(h.tts.texts()).contains(REPROMPT);
    }

    @Test
    void theGreetingCanBeInterruptedAndOnlyItsHeardPartIsKept() {
        String greeting = "Hello, this is Ada. How can I help you with your booking today?";
        // turn 0 is stored with the TwiML, before the socket opens
        h.turns.insertIfAbsent(new Turn(CALL_SID, 0, null, null, greeting, io.voiceagents.gateway.domain.TurnOutcome.GREETING,
                null, null, false, 0, java.time.Instant.now(), null));
        h.begin(greeting);
        h.silenceMs(500); // the first sentence (380 ms) has played, the second (880 ms) is playing
        h.speakMs(400);
        assertThat(h.twilio.clears()).isEqualTo(1);
        assertThat(h.agent.interruptions).containsExactly(
                new FakeConversationStreams.Interruption(CALL_SID, CALL_SID + ":0", "Hello, this is Ada."));
        Turn greetingTurn = storedTurn(0);
        assertThat(greetingTurn.interrupted()).isTrue();
        assertThat(greetingTurn.agentText()).isEqualTo("Hello, this is Ada.");
    }

    @Test
    void aDroppedSocketStopsEverythingAndStoresTheTurnReached() {
        h.agent.manual(true);
        h.begin(null);
        h.stt.willHear("Tell me about your prices.");
        callerTurn(600);
        var reply = h.agent.last();
        reply.delta("First sentence is here. Second");
        reply.delta(" sentence is a bit longer than the first. Third");
        h.silenceMs(700);
        h.speakMs(100); // the caller has just started speaking again: a recognition is open

        h.session.socketClosed();

        assertThat(h.endedReason).isEqualTo("socket-closed");
        assertThat(reply.cancelled).isTrue();
        assertThat(h.tts.syntheses).filteredOn(s -> !s.text.equals(APOLOGY)).allMatch(s -> s.cancelled);
        assertThat(h.twilio.clears()).as("nobody to clear for").isZero();
        Turn turn = storedTurn(1);
        assertThat(turn.interrupted()).isTrue();
        assertThat(turn.agentText()).isEqualTo("First sentence is here.");
        assertThat(h.agent.interruptions).singleElement()
                .satisfies(i -> assertThat(i.heardText()).isEqualTo("First sentence is here."));
        assertThat(h.pacer.activePlayouts()).isZero();
        assertThat(h.time.pendingTimers()).isZero();
        assertThat(liveTypes()).endsWith(LiveCallEvent.Type.ENDED);
        assertThat(h.meters.sessionsEnded).containsExactly("socket-closed");

        long frames = h.twilio.audioFrames();
        h.speakMs(1000).silenceMs(1000);
        h.session.stopped();
        assertThat(h.twilio.audioFrames()).isEqualTo(frames);
        assertThat(h.meters.sessionsEnded).hasSize(1);
    }

    @Test
    void twilioStopEndsTheSession() {
        h.begin(GREETING).silenceMs(1500);
        h.session.stopped();
        assertThat(h.endedReason).isEqualTo("stop");
        assertThat(h.agent.interruptions).isEmpty();
        assertThat(h.time.pendingTimers()).isZero();
    }

    @Test
    void theMaximumCallDurationEndsTheCallPolitely() {
        StreamSettings d = SessionHarness.defaults();
        StreamSettings shortCalls = new StreamSettings(d.turns(), d.bargeInMinSpeech(), d.preRoll(), d.sttFinalBudget(),
                d.replyBudget(), d.synthesisBudget(), d.playbackLead(), d.dtmfGap(), d.silenceTimeout(), d.maxReprompts(),
                Duration.ofSeconds(5), d.sentenceMaxChars(), d.apology(), d.reprompt(), d.goodbye());
        SessionHarness call = new SessionHarness(shortCalls);
        call.begin(null);
        call.stt.willHear("Tell me a long story");
        call.speakMs(500).silenceMs(700);
        call.silence(Duration.ofSeconds(4));
        assertThat(call.tts.texts()).contains("Goodbye.");
        call.silence(Duration.ofSeconds(2));
        assertThat(call.control.hangUps).containsExactly(CALL_SID);
    }
}
