package io.voiceagents.gateway.application.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;

/** The relay session as plain Java: fake ports, a direct executor, a hand-driven clock, timers and agent. */
class RelaySessionTest {

    private static final String SECRET = "test-auth-token";
    private static final String CALL = "CA0000000000000000000000000000relay";
    private static final String APOLOGY = "Sorry, I'm having trouble answering right now. Could you say that again?";
    private static final long MS = 1_000_000L;

    private final RelayFakes.Calls calls = new RelayFakes.Calls();
    private final RelayFakes.Turns turns = new RelayFakes.Turns();
    private final RelayFakes.Streams streams = new RelayFakes.Streams();
    private final RelayFakes.Events events = new RelayFakes.Events();
    private final RelayFakes.Live live = new RelayFakes.Live();
    private final RelayFakes.Metrics metrics = new RelayFakes.Metrics();
    private final RelayFakes.ManualTimers timers = new RelayFakes.ManualTimers();
    private final RelayFakes.Output output = new RelayFakes.Output();
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private RelaySession session;

    @BeforeEach
    void open() {
        calls.calls.put(CALL, RelayFakes.call(CALL, "agent-1"));
        turns.insertIfAbsent(RelayFakes.greeting(CALL));
        RelaySession.Dependencies deps = new RelaySession.Dependencies(calls, turns, streams, events, live, metrics,
                new RelaySession.Settings(SECRET, APOLOGY, Duration.ofMillis(1500), 40), timers, clock::get);
        session = new RelaySession(deps, output, Runnable::run);
    }

    @Test
    void aPromptStreamsTokensEndsWithLastAndStoresTheTurnWithItsLedger() {
        setUp();

        session.receive(new RelayMessage.Prompt("What are your opening hours?", "en-US", true), clock.get());
        RelayFakes.Streams.Started reply = streams.last();
        clock.addAndGet(350 * MS);
        reply.delta("We open ", 300);
        clock.addAndGet(40 * MS);
        reply.delta("at nine.", 0);
        clock.addAndGet(60 * MS);
        reply.complete(TurnOutcome.OK, null);

        assertThat(reply.turnId()).isEqualTo(Turn.turnId(CALL, 1));
        assertThat(reply.utterance()).isEqualTo("What are your opening hours?");
        assertThat(reply.dtmfDigits()).isNull();
        assertThat(output.sent).containsExactly("text:We open :false", "text:at nine.:false", "text::true");
        Turn turn = turns.get(CALL, 1);
        assertThat(turn.callerText()).isEqualTo("What are your opening hours?");
        assertThat(turn.agentText()).isEqualTo("We open at nine.");
        assertThat(turn.outcome()).isEqualTo(TurnOutcome.OK);
        assertThat(turn.interrupted()).isFalse();
        assertThat(turn.llmLatencyMs()).isEqualTo(500);
        assertThat(turn.totalLatencyMs()).isEqualTo(450);
        assertThat(turn.ledger()).isEqualTo(new LatencyLedger(null, null, 300L, null, 350L, 50L));
        assertThat(events.turns).singleElement().satisfies(event -> {
            assertThat(event.turnIndex()).isEqualTo(1);
            assertThat(event.agentText()).isEqualTo("We open at nine.");
        });
        assertThat(metrics.turns).containsExactly(TurnOutcome.OK);
        assertThat(metrics.ledgers).containsExactly(turn.ledger());
        assertThat(live.summary()).containsExactly("CALLER_FINAL:1:What are your opening hours?", "AGENT_TEXT:1:We open ",
                "AGENT_TEXT:1:at nine.", "AGENT_DONE:1:We open at nine.");
    }

    @Test
    void partialPromptsAreOneUtteranceAndTheNextTurnCountsOn() {
        setUp();

        session.receive(new RelayMessage.Prompt("I would like", "en-US", false), clock.get());
        session.receive(new RelayMessage.Prompt(" to book a table", "en-US", true), clock.get());
        streams.last().delta("Sure.", 200);
        streams.last().complete(TurnOutcome.OK, null);
        session.receive(new RelayMessage.Prompt("For two.", "en-US", true), clock.get());

        assertThat(streams.started).extracting(RelayFakes.Streams.Started::utterance)
                .containsExactly("I would like to book a table", "For two.");
        assertThat(streams.started).extracting(RelayFakes.Streams.Started::turnId)
                .containsExactly(Turn.turnId(CALL, 1), Turn.turnId(CALL, 2));
    }

    @Test
    void aRunawayPartialPromptIsCutToTheLimit() {
        setUp();

        session.receive(new RelayMessage.Prompt("a".repeat(30), "en-US", false), clock.get());
        session.receive(new RelayMessage.Prompt("b".repeat(30), "en-US", true), clock.get());

        assertThat(streams.last().utterance()).isEqualTo("a".repeat(30) + "b".repeat(10));
    }

    @Test
    void anInterruptCancelsTheReplyAndKeepsOnlyWhatWasHeard() {
        setUp();
        session.receive(new RelayMessage.Prompt("Tell me about your menu", "en-US", true), clock.get());
        RelayFakes.Streams.Started reply = streams.last();
        reply.delta("We have pasta, ", 250);
        reply.delta("pizza and salads.", 0);

        session.receive(new RelayMessage.Interrupt("We have pasta,", 900L), clock.get());
        // what the cancelled stream still delivers is dropped
        reply.delta(" And desserts.", 0);
        reply.complete(TurnOutcome.OK, null);

        assertThat(reply.isCancelled()).isTrue();
        assertThat(output.sent).containsExactly("text:We have pasta, :false", "text:pizza and salads.:false");
        Turn turn = turns.get(CALL, 1);
        assertThat(turn.interrupted()).isTrue();
        assertThat(turn.agentText()).isEqualTo("We have pasta,");
        assertThat(streams.interruptions).containsExactly(
                new RelayFakes.Streams.Interruption(CALL, Turn.turnId(CALL, 1), "We have pasta,"));
        assertThat(live.summary()).contains("AGENT_INTERRUPTED:1:We have pasta,").doesNotContain(
                "AGENT_DONE:1:We have pasta, pizza and salads.");
    }

    @Test
    void anInterruptAfterTheReplyWasCompleteTruncatesTheStoredTurnOnce() {
        setUp();
        session.receive(new RelayMessage.Prompt("Hours?", "en-US", true), clock.get());
        streams.last().delta("We open at nine and close at five.", 300);
        streams.last().complete(TurnOutcome.OK, null);

        session.receive(new RelayMessage.Interrupt("We open at nine", 1200L), clock.get());
        session.receive(new RelayMessage.Interrupt("We open", 600L), clock.get());

        Turn turn = turns.get(CALL, 1);
        assertThat(turn.interrupted()).isTrue();
        assertThat(turn.agentText()).isEqualTo("We open at nine");
        assertThat(streams.interruptions).containsExactly(
                new RelayFakes.Streams.Interruption(CALL, Turn.turnId(CALL, 1), "We open at nine"));
    }

    @Test
    void anInterruptedGreetingIsTruncatedToo() {
        setUp();

        session.receive(new RelayMessage.Interrupt("Hello,", 400L), clock.get());

        assertThat(turns.get(CALL, 0).agentText()).isEqualTo("Hello,");
        assertThat(turns.get(CALL, 0).interrupted()).isTrue();
        assertThat(streams.interruptions).containsExactly(
                new RelayFakes.Streams.Interruption(CALL, Turn.turnId(CALL, 0), "Hello,"));
    }

    @Test
    void keysUpToHashAreOneDtmfTurn() {
        setUp();

        for (String key : new String[] {"1", "2", "3", "#"}) {
            session.receive(new RelayMessage.Dtmf(key), clock.get());
        }
        streams.last().delta("You pressed 123", 100);
        streams.last().complete(TurnOutcome.OK, null);

        assertThat(streams.started).singleElement().satisfies(started -> {
            assertThat(started.utterance()).isEmpty();
            assertThat(started.dtmfDigits()).isEqualTo("123");
        });
        assertThat(turns.get(CALL, 1).callerText()).isEqualTo("[DTMF 123]");
        assertThat(timers.active()).isZero();
        assertThat(live.summary()).startsWith("DTMF:1:123");
    }

    @Test
    void keysWithoutHashGoAfterThePause() {
        setUp();

        session.receive(new RelayMessage.Dtmf("4"), clock.get());
        session.receive(new RelayMessage.Dtmf("2"), clock.get());
        assertThat(streams.started).isEmpty();
        assertThat(timers.active()).isEqualTo(1);
        timers.fireAll();

        assertThat(streams.started).singleElement().satisfies(started -> assertThat(started.dtmfDigits()).isEqualTo("42"));
        assertThat(timers.scheduled).isEmpty();
    }

    @Test
    void invalidKeysAreIgnored() {
        setUp();

        session.receive(new RelayMessage.Dtmf("x"), clock.get());
        session.receive(new RelayMessage.Dtmf("12"), clock.get());
        session.receive(new RelayMessage.Dtmf(null), clock.get());

        assertThat(timers.scheduled).isEmpty();
        assertThat(streams.started).isEmpty();
    }

    @Test
    void anEndCallReplyIsFollowedByEndWithItsHandoffData() {
        setUp();
        session.receive(new RelayMessage.Prompt("That's all, bye", "en-US", true), clock.get());
        streams.last().delta("Goodbye!", 200);
        streams.last().complete(TurnOutcome.END_CALL, null);

        session.receive(new RelayMessage.Prompt("hello?", "en-US", true), clock.get());

        assertThat(output.sent).containsExactly("text:Goodbye!:false", "text::true", "end:end-call");
        assertThat(turns.get(CALL, 1).outcome()).isEqualTo(TurnOutcome.END_CALL);
        assertThat(streams.started).hasSize(1);
    }

    @Test
    void aTransferReplyEndsWithTheNumberInTheHandoffData() {
        setUp();
        session.receive(new RelayMessage.Prompt("A human please", "en-US", true), clock.get());
        streams.last().delta("Transferring you now.", 200);
        streams.last().complete(TurnOutcome.TRANSFER, "+15005550199");

        assertThat(output.sent).containsExactly("text:Transferring you now.:false", "text::true",
                "end:transfer:+15005550199");
        assertThat(turns.get(CALL, 1).outcome()).isEqualTo(TurnOutcome.TRANSFER);
    }

    @Test
    void aTransferWithoutUsableNumberKeepsTheConversationGoing() {
        setUp();
        session.receive(new RelayMessage.Prompt("A human please", "en-US", true), clock.get());
        streams.last().delta("Transferring you now.", 200);
        streams.last().complete(TurnOutcome.TRANSFER, "not-a-number");
        session.receive(new RelayMessage.Prompt("Hello?", "en-US", true), clock.get());

        assertThat(output.sent).noneMatch(frame -> frame.startsWith("end:"));
        assertThat(streams.started).hasSize(2);
    }

    @Test
    void anAgentFailureIsAnsweredWithTheApology() {
        setUp();
        session.receive(new RelayMessage.Prompt("Hello", "en-US", true), clock.get());
        clock.addAndGet(5_000 * MS);
        streams.last().fail();

        assertThat(output.sent).containsExactly("text:" + APOLOGY + ":true");
        Turn turn = turns.get(CALL, 1);
        assertThat(turn.outcome()).isEqualTo(TurnOutcome.FALLBACK);
        assertThat(turn.agentText()).isEqualTo(APOLOGY);
        assertThat(turn.ledger()).isEqualTo(new LatencyLedger(null, null, null, null, 5_000L, null));
        assertThat(metrics.turns).containsExactly(TurnOutcome.FALLBACK);
    }

    @Test
    void anAgentFailureMidReplyAddsTheApologyAfterWhatWasSaid() {
        setUp();
        session.receive(new RelayMessage.Prompt("Hello", "en-US", true), clock.get());
        streams.last().delta("Let me check", 200);
        streams.last().fail();

        assertThat(output.sent).containsExactly("text:Let me check:false", "text: " + APOLOGY + ":true");
        assertThat(turns.get(CALL, 1).agentText()).isEqualTo("Let me check " + APOLOGY);
    }

    @Test
    void aPromptDuringAReplyStopsItAndStartsTheNextTurn() {
        setUp();
        session.receive(new RelayMessage.Prompt("First question", "en-US", true), clock.get());
        RelayFakes.Streams.Started first = streams.last();
        first.delta("Well, ", 200);

        session.receive(new RelayMessage.Prompt("Actually, second question", "en-US", true), clock.get());

        assertThat(first.isCancelled()).isTrue();
        assertThat(turns.get(CALL, 1).agentText()).isEqualTo("Well, ");
        assertThat(turns.get(CALL, 1).interrupted()).isTrue();
        assertThat(streams.last().turnId()).isEqualTo(Turn.turnId(CALL, 2));
    }

    @Test
    void aBadTokenClosesTheSessionAndNothingIsAsked() {
        session.receive(setup(CALL, "forged-token"), clock.get());
        session.receive(new RelayMessage.Prompt("Hello", "en-US", true), clock.get());

        assertThat(output.sent).containsExactly("close:invalid call token");
        assertThat(streams.started).isEmpty();
    }

    @Test
    void aTokenOfAnotherCallIsRefused() {
        session.receive(setup(CALL, CallToken.issue(SECRET, "CA_other_call")), clock.get());

        assertThat(output.sent).containsExactly("close:invalid call token");
    }

    @Test
    void anUnknownCallIsClosed() {
        String unknown = "CA0000000000000000000000000unknown";
        session.receive(setup(unknown, CallToken.issue(SECRET, unknown)), clock.get());

        assertThat(output.sent).containsExactly("close:unknown call");
    }

    @Test
    void messagesBeforeSetupAndMalformedFramesChangeNothing() {
        session.receive(new RelayMessage.Prompt("Hello", "en-US", true), clock.get());
        session.malformed("not JSON");
        session.receive(new RelayMessage.Error("Invalid message received"), clock.get());
        setUp();
        session.malformed("unknown type 'foo'");
        session.receive(new RelayMessage.Prompt("Hello", "en-US", true), clock.get());

        assertThat(streams.started).singleElement().satisfies(started -> assertThat(started.utterance()).isEqualTo("Hello"));
        assertThat(output.sent).isEmpty();
    }

    @Test
    void aSocketClosedMidReplyCancelsItAndKeepsWhatWasSent() {
        setUp();
        session.receive(new RelayMessage.Prompt("Hello", "en-US", true), clock.get());
        RelayFakes.Streams.Started reply = streams.last();
        reply.delta("Hi there, ", 200);

        session.closed();
        reply.delta("how are you?", 0);

        assertThat(reply.isCancelled()).isTrue();
        assertThat(turns.get(CALL, 1).agentText()).isEqualTo("Hi there, ");
        assertThat(output.sent).containsExactly("text:Hi there, :false");
    }

    @Test
    void aReplayedReplyCountsAllItsTimeAsTheSuites() {
        setUp();
        session.receive(new RelayMessage.Prompt("Hours?", "en-US", true), clock.get());
        clock.addAndGet(12 * MS);
        streams.last().delta("We open at nine.", 0);
        streams.last().listener().onComplete(new io.voiceagents.gateway.application.port.ConversationStreams.ReplyEnd(
                TurnOutcome.OK, null, 0, "m-1", true));

        assertThat(turns.get(CALL, 1).ledger()).isEqualTo(new LatencyLedger(null, null, null, null, 12L, 12L));
        assertThat(turns.get(CALL, 1).llmLatencyMs()).isNull();
    }

    private void setUp() {
        session.receive(setup(CALL, CallToken.issue(SECRET, CALL)), clock.get());
    }

    private static RelayMessage.Setup setup(String callSid, String token) {
        return new RelayMessage.Setup("VX1", callSid, "+15005550006", "+15005550010", "inbound",
                Map.of(CallToken.PARAMETER, token));
    }
}
