package io.voiceagents.agent.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voiceagents.agent.application.port.LanguageModel;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.application.port.LlmStream;
import io.voiceagents.agent.application.port.LlmStreamListener;
import io.voiceagents.agent.application.port.TurnSnapshot;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.CallMode;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.ConversationStatus;
import io.voiceagents.agent.domain.LlmPrompt;
import io.voiceagents.agent.domain.LlmSettings;
import io.voiceagents.agent.domain.MachineAction;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.MessageRole;

/**
 * A streamed turn's storage around its LLM request, against a scripted model and journal (no Quarkus, no
 * database): the request goes out before the caller's message is stored, the reply is stored after it, and a
 * failed store of the caller's message neither loses it nor stops the reply.
 */
class ReplyInProgressTest {

    private static final String CALL_SID = "CAtest";
    private static final String TURN_ID = CALL_SID + ":1";
    private static final String WORDS = "Do you take insurance?";
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
    private static final Agent AGENT = new Agent(UUID.randomUUID(), "Front desk", "You are the front desk. Be brief.",
            "Hello!", "en-US-Neural2-F", "en-US", List.of("+14155550100"), CallMode.STREAM,
            new LlmSettings("gemini-2.5-flash", 0.3, 256), MachineAction.DEFAULT, null, null, 3, NOW, NOW);
    private static final Conversation CONVERSATION = new Conversation(UUID.randomUUID(), AGENT.id(), CALL_SID,
            "+14155550123", "+14155550100", "inbound", null, ConversationStatus.ACTIVE, null, NOW, null);
    private static final Message GREETING = new Message(UUID.randomUUID(), CONVERSATION.id(), 1,
            MessageRole.ASSISTANT, "Hello!", NOW, null, MessageOutcome.GREETING, CALL_SID + ":0");

    private final ConversationSettings settings = new ConversationSettings(10, Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ScriptedModel model = new ScriptedModel();
    private final ScriptedJournal journal = new ScriptedJournal(settings);
    private final AgentCache cache = new AgentCache();
    private final RecordingSink sink = new RecordingSink();
    private volatile TurnSnapshot snapshot = new TurnSnapshot(CONVERSATION, AGENT.version(), null, null,
            List.of(GREETING));

    @BeforeEach
    void cacheTheAgent() {
        cache.offer(AGENT);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        work.shutdownNow();
    }

    @Test
    void theLlmIsAskedBeforeTheCallersMessageIsStoredAndTheReplyIsStoredAfterIt() throws InterruptedException {
        journal.holdCallerStore();
        start();

        // The request went out and the reply streams while the caller's message is still being stored.
        model.answer("Yes, we do.");
        assertThat(sink.deltas).containsExactly("Yes, we do.");
        Thread.sleep(200); // proving that nothing is stored meanwhile needs the wait
        assertThat(journal.log).containsExactly("caller started: " + WORDS);
        assertThat(sink.end).isNotDone();

        journal.releaseCallerStore();

        assertThat(sink.end).succeedsWithin(Duration.ofSeconds(5))
                .satisfies(end -> assertThat(end.outcome()).isEqualTo(MessageOutcome.OK));
        assertThat(journal.log).containsExactly("caller started: " + WORDS, "caller stored: " + WORDS,
                "reply: Yes, we do. (caller's message: stored)");
        assertThat(model.prompts.get(0).messages().get(0).text()).isEqualTo(WORDS);
    }

    @Test
    void whenTheCallersMessageCannotBeStoredItIsStoredWithTheReply() {
        journal.failCallerStores(1);
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> journal.log.contains("caller failed: " + WORDS));

        model.answer("Yes, we do.");

        assertThat(sink.end).succeedsWithin(Duration.ofSeconds(5))
                .satisfies(end -> assertThat(end.outcome()).isEqualTo(MessageOutcome.OK));
        assertThat(sink.deltas).containsExactly("Yes, we do.");
        assertThat(journal.log).containsExactly("caller started: " + WORDS, "caller failed: " + WORDS,
                "reply: Yes, we do. (caller's message: " + WORDS + ")");
    }

    @Test
    void whenNeitherCanBeStoredTheTurnFailsAfterWhatWasSaid() {
        journal.failCallerStores(1);
        journal.failReplies = true;
        start();

        model.answer("Yes, we do.");

        assertThat(sink.failure).succeedsWithin(Duration.ofSeconds(5))
                .satisfies(e -> assertThat(e).hasMessageContaining("reply store failed"));
        assertThat(sink.deltas).containsExactly("Yes, we do.");
        assertThat(sink.end).isNotDone();
    }

    @Test
    void aTurnCancelledBeforeAnyWordStillStoresTheCallersMessage() {
        journal.failCallerStores(1);
        ReplyInProgress reply = start();
        await().atMost(Duration.ofSeconds(5)).until(() -> journal.log.contains("caller failed: " + WORDS));

        reply.cancel();

        // Nothing was said, so no reply is stored; the caller's words are tried once more on their own.
        await().atMost(Duration.ofSeconds(5)).until(() -> journal.log.contains("caller stored: " + WORDS));
        assertThat(model.streams.get(0).cancelled).isTrue();
        assertThat(journal.log).noneMatch(line -> line.startsWith("reply"));
        assertThat(sink.end).isNotDone();
        assertThat(sink.failure).isNotDone();
    }

    @Test
    void aRetryWhoseWordsAreStoredReusesThemAndStoresNothingMore() {
        Message stored = new Message(UUID.randomUUID(), CONVERSATION.id(), 2, MessageRole.USER, "Do you take Aetna?",
                NOW, null, null, TURN_ID);
        snapshot = new TurnSnapshot(CONVERSATION, AGENT.version(), stored, null, List.of(GREETING));
        start();

        model.answer("We do.");

        assertThat(sink.end).succeedsWithin(Duration.ofSeconds(5));
        assertThat(model.prompts.get(0).messages().get(0).text()).isEqualTo("Do you take Aetna?");
        assertThat(journal.log).containsExactly("reply: We do. (caller's message: stored)");
    }

    @Test
    void aFinishedTurnIsReplayedWithoutTheLlm() {
        Message answered = new Message(UUID.randomUUID(), CONVERSATION.id(), 3, MessageRole.ASSISTANT, "We do.", NOW,
                420L, MessageOutcome.OK, TURN_ID);
        snapshot = new TurnSnapshot(CONVERSATION, AGENT.version(), null, answered, List.of());

        start();

        assertThat(sink.end).succeedsWithin(Duration.ofSeconds(5)).satisfies(end -> {
            assertThat(end.replayed()).isTrue();
            assertThat(end.messageId()).isEqualTo(answered.id());
            assertThat(end.text()).isEqualTo("We do.");
        });
        assertThat(model.prompts).isEmpty();
        assertThat(journal.log).isEmpty();
    }

    /** Starts the turn as the use case does, on a thread of its own. */
    private ReplyInProgress start() {
        TurnReader reader = new TurnReader((callSid, turnId, history) -> Optional.of(snapshot), cache, null,
                settings);
        ReplyInProgress reply = new ReplyInProgress(new ReplyCommand(CALL_SID, WORDS, TURN_ID, null, System.nanoTime()),
                WORDS, sink, new StreamReplyToCaller.Collaborators(reader, journal,
                        new LlmStreamer(model, settings, registry, timers, System::nanoTime), settings,
                        new ReplyMetrics(registry)), work);
        work.execute(reply::begin);
        return reply;
    }

    /** The journal's two writes of a streamed turn, logged; either may be held or made to fail. */
    private static final class ScriptedJournal extends ConversationJournal {

        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch callerStore = new CountDownLatch(1);
        private final AtomicInteger callerFailures = new AtomicInteger();
        private volatile boolean holding;
        volatile boolean failReplies;

        ScriptedJournal(ConversationSettings settings) {
            super(null, null, settings);
        }

        void holdCallerStore() {
            holding = true;
        }

        void releaseCallerStore() {
            callerStore.countDown();
        }

        void failCallerStores(int times) {
            callerFailures.set(times);
        }

        @Override
        public Message recordCallerMessage(UUID conversationId, String turnId, String callerText) {
            log.add("caller started: " + callerText);
            if (holding) {
                try {
                    callerStore.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (callerFailures.getAndDecrement() > 0) {
                log.add("caller failed: " + callerText);
                throw new IllegalStateException("caller store failed");
            }
            log.add("caller stored: " + callerText);
            return new Message(UUID.randomUUID(), conversationId, 2, MessageRole.USER, callerText, NOW, null, null,
                    turnId);
        }

        @Override
        public Message recordReply(UUID conversationId, String turnId, String text, MessageOutcome outcome,
                long llmLatencyMs, String transferTo, String callerText) {
            if (failReplies) {
                throw new IllegalStateException("reply store failed");
            }
            log.add("reply: " + text + " (caller's message: " + (callerText == null ? "stored" : callerText) + ")");
            return new Message(UUID.randomUUID(), conversationId, 3, MessageRole.ASSISTANT, text, NOW, llmLatencyMs,
                    outcome, turnId);
        }
    }

    private static final class RecordingSink implements ReplySink {

        final List<String> deltas = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<StreamedReplyEnd> end = new CompletableFuture<>();
        final CompletableFuture<RuntimeException> failure = new CompletableFuture<>();

        @Override
        public void delta(String text, long llmFirstTokenMs) {
            deltas.add(text);
        }

        @Override
        public void end(StreamedReplyEnd replyEnd) {
            end.complete(replyEnd);
        }

        @Override
        public void fail(RuntimeException error) {
            failure.complete(error);
        }
    }

    private static final class Stream implements LlmStream {

        final LlmStreamListener listener;
        volatile boolean cancelled;

        Stream(LlmStreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Records each stream request; {@link #answer} plays the provider's whole reply to the first one. */
    private static final class ScriptedModel implements LanguageModel {

        final List<LlmPrompt> prompts = Collections.synchronizedList(new ArrayList<>());
        final List<Stream> streams = Collections.synchronizedList(new ArrayList<>());

        @Override
        public LlmReply complete(LlmPrompt prompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LlmStream stream(LlmPrompt prompt, LlmStreamListener listener) {
            Stream stream = new Stream(listener);
            prompts.add(prompt);
            streams.add(stream);
            return stream;
        }

        void answer(String text) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !streams.isEmpty());
            LlmStreamListener listener = streams.get(0).listener;
            listener.onText(text);
            listener.onComplete(new LlmReply(text, null));
        }

        @Override
        public String providerName() {
            return "scripted";
        }
    }
}
