package io.voiceagents.agent.application;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.voiceagents.agent.domain.CallContext;
import io.voiceagents.agent.domain.CallTool;
import io.voiceagents.agent.domain.FallbackReply;
import io.voiceagents.agent.domain.LlmPrompt;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.PromptBuilder;
import io.voiceagents.agent.domain.ReplyEnding;

/**
 * One streamed caller turn, from its request to its stored reply: the handle the edge cancels and the
 * observer of the LLM stream. The turn's read and LLM request run on an opening thread ({@link #begin}), the
 * writes on {@code work} (never on the gRPC event loop, never on the provider's threads); deltas go to the sink
 * straight from the LLM callbacks.
 *
 * <p>Only a lock-free read stands between the request and the LLM request ({@link TurnReader}); the caller's
 * message is stored while the LLM request is on its way (once per turn id, see
 * {@link ConversationJournal#recordCallerMessage}). Whatever ends the turn waits for that store before storing the
 * reply, so the reply always follows the caller's message. If that store failed, the reply still streams to the
 * caller and the caller's message is stored with the reply, in its transaction; a turn that ends with nothing
 * said tries the caller's message alone once more. Only when that also fails is the message lost, with an error
 * logged and, when a reply was due, the turn failed as when any reply cannot be stored.
 */
final class ReplyInProgress implements ReplyHandle, LlmStreamer.Observer {

    private static final Logger LOG = Logger.getLogger(ReplyInProgress.class);

    private final ReplyCommand command;
    private final String callerText;
    private final ReplySink sink;
    private final StreamReplyToCaller.Collaborators with;
    private final Executor work;
    private final AtomicBoolean ended = new AtomicBoolean();
    // Guarded by itself; cancelled is written under it too, so no delta is appended after a cancel took its copy.
    private final StringBuilder text = new StringBuilder();
    private volatile boolean cancelled;
    private volatile TurnStart turn;
    private volatile LlmStreamer.Run run;
    private volatile long llmStartNanos;
    private volatile long firstTokenMs;
    // Whether the caller's message is stored (true also when nothing is to be stored: the turn was answered before,
    // or was never read); false when its store failed. Completed by begin, whatever happens there.
    private final CompletableFuture<Boolean> callerStored = new CompletableFuture<>();

    ReplyInProgress(ReplyCommand command, String callerText, ReplySink sink, StreamReplyToCaller.Collaborators with,
            Executor work) {
        this.command = command;
        this.callerText = callerText;
        this.sink = sink;
        this.with = with;
        this.work = work;
    }

    /**
     * The caller's turn: one read, the LLM request, then the caller's message is stored (on {@code work}). Runs on
     * an opening thread.
     */
    void begin() {
        boolean storing = false;
        try {
            storing = !cancelled && open();
        } catch (RuntimeException e) {
            // A bug rather than a failure of the database or the LLM (those are handled where they happen): the
            // turn still ends, and nothing waits forever for the caller's message.
            LOG.errorf(e, "turn %s of call %s could not be started", command.turnId(), command.callSid());
            if (ended.compareAndSet(false, true)) {
                sink.fail(e);
            }
        } finally {
            if (!storing) {
                callerStored.complete(true);
            }
        }
    }

    /** @return whether the caller's message is being stored (that store completes {@link #callerStored}) */
    private boolean open() {
        TurnStart started;
        try {
            started = with.reader().read(command, callerText);
        } catch (RuntimeException e) {
            ended.set(true);
            sink.fail(e);
            return false;
        }
        turn = started;
        if (started.alreadyAnswered()) {
            ended.set(true);
            Message stored = started.storedReply();
            sink.end(new StreamedReplyEnd(stored.text(), stored.outcome(), stored.id(),
                    stored.llmLatencyMs() == null ? 0 : stored.llmLatencyMs(), stored.transferTo(), true));
            return false;
        }
        if (!cancelled) {
            LlmPrompt prompt = PromptBuilder.build(started.agent().instructions(),
                    CallContext.of(started.conversation()), started.history(), started.utterance(),
                    with.settings().historyMaxMessages(), started.agent().llm(),
                    CallTool.offeredBy(started.agent().transferNumber()));
            with.metrics().beforeLlm("stream-reply", command.receivedNanos());
            llmStartNanos = System.nanoTime();
            run = with.streamer().start(prompt, this);
            if (cancelled) {
                // cancel() ran while the request was being sent and found no run to stop.
                run.cancel();
            }
        }
        // The request is on its way (the provider answers on its own threads): now the caller's words are stored,
        // even when the caller cancelled meanwhile, as they would have been before the LLM was asked.
        if (started.utteranceStored()) {
            return false;
        }
        work.execute(() -> callerStored.complete(storeCallerMessage(started)));
        return true;
    }

    private boolean storeCallerMessage(TurnStart started) {
        try {
            with.journal().recordCallerMessage(started.conversation().id(), command.turnId(), callerText);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not store the caller's message of turn %s of call %s; it is tried again as the turn"
                    + " ends", command.turnId(), command.callSid());
            return false;
        }
    }

    @Override
    public void onText(String delta, long firstTokenMs) {
        synchronized (text) {
            if (cancelled) {
                return;
            }
            text.append(delta);
        }
        if (firstTokenMs > 0) {
            this.firstTokenMs = firstTokenMs;
        }
        sink.delta(delta, firstTokenMs);
    }

    @Override
    public void onComplete(CallTool tool, long latencyMs) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String generated = generated();
        ReplyEnding ending = ReplyEnding.of(generated, tool, turn.agent().transferNumber());
        work.execute(() -> {
            String closing = ending.addedTo(generated);
            if (!closing.isEmpty() && !cancelled) {
                // The model only called a tool: its closing line is the reply's first (and only) text.
                sink.delta(closing, firstTokenMs == 0 ? Math.max(1, latencyMs) : 0);
            }
            finish(ending.text(), ending.outcome(), latencyMs, ending.transferTo(), "");
        });
    }

    @Override
    public void onFailure(String reason, long latencyMs) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String generated = generated();
        work.execute(() -> {
            if (generated.isBlank()) {
                finish(FallbackReply.TEXT, MessageOutcome.FALLBACK, latencyMs, null, FallbackReply.TEXT);
            } else {
                // The caller is already hearing this much, and it will never be finished: the apology follows it
                // (rather than silence mid-sentence), and the reply is stored as said, flagged as a fallback.
                String apology = (Character.isWhitespace(generated.charAt(generated.length() - 1)) ? "" : " ")
                        + FallbackReply.TEXT;
                finish(generated + apology, MessageOutcome.FALLBACK, latencyMs, null, apology);
            }
        });
    }

    @Override
    public void cancel() {
        synchronized (text) {
            cancelled = true;
        }
        LlmStreamer.Run current = run;
        if (current != null) {
            current.cancel();
        }
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String generated = generated();
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - llmStartNanos);
        work.execute(() -> {
            // After begin is done with the turn: it may still be reading it, or storing the caller's message.
            boolean stored = callerStored.join();
            TurnStart started = turn;
            if (started == null || started.alreadyAnswered()) {
                return;
            }
            if (!generated.isBlank()) {
                store(generated, MessageOutcome.OK, latencyMs, null);
            } else if (!stored && !storeCallerMessage(started)) {
                LOG.errorf("the caller's message of turn %s of call %s is lost: it could not be stored",
                        command.turnId(), command.callSid());
            }
            // With nothing said, the turn stays unanswered, and a retry of it asks the LLM again.
        });
    }

    private void finish(String stored, MessageOutcome outcome, long latencyMs, String transferTo, String endText) {
        Message message;
        try {
            message = store(stored, outcome, latencyMs, transferTo);
        } catch (RuntimeException e) {
            sink.fail(e);
            return;
        }
        sink.end(new StreamedReplyEnd(endText, outcome, message.id(), latencyMs, transferTo, false));
    }

    private Message store(String reply, MessageOutcome outcome, long latencyMs, String transferTo) {
        // The reply follows the caller's message: its store must be over (and if it failed, it goes with the reply).
        String unstoredCallerText = callerStored.join() ? null : callerText;
        try {
            return with.journal().recordReply(turn.conversation().id(), command.turnId(), reply, outcome, latencyMs,
                    transferTo, unstoredCallerText);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not store the reply to turn %s of call %s", command.turnId(), command.callSid());
            throw e;
        }
    }

    private String generated() {
        synchronized (text) {
            return text.toString();
        }
    }
}
