package io.voiceagents.agent.application;

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
 * observer of the LLM stream. Database work runs on {@code work} (never on the gRPC event loop, never on the
 * provider's threads); deltas go to the sink straight from the LLM callbacks.
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

    ReplyInProgress(ReplyCommand command, String callerText, ReplySink sink, StreamReplyToCaller.Collaborators with,
            Executor work) {
        this.command = command;
        this.callerText = callerText;
        this.sink = sink;
        this.with = with;
        this.work = work;
    }

    /** The caller's turn: one short transaction, then the LLM request. Runs on a worker thread. */
    void begin() {
        if (cancelled) {
            return;
        }
        TurnStart started;
        try {
            started = with.journal().beginTurn(command, callerText);
        } catch (RuntimeException e) {
            ended.set(true);
            sink.fail(e);
            return;
        }
        turn = started;
        if (started.alreadyAnswered()) {
            ended.set(true);
            Message stored = started.storedReply();
            sink.end(new StreamedReplyEnd(stored.text(), stored.outcome(), stored.id(),
                    stored.llmLatencyMs() == null ? 0 : stored.llmLatencyMs(), stored.transferTo(), true));
            return;
        }
        LlmPrompt prompt = PromptBuilder.build(started.agent().instructions(), CallContext.of(started.conversation()),
                started.history(), started.utterance(), with.settings().historyMaxMessages(), started.agent().llm(),
                CallTool.offeredBy(started.agent().transferNumber()));
        if (cancelled) {
            return;
        }
        with.metrics().beforeLlm("stream-reply", command.receivedNanos());
        llmStartNanos = System.nanoTime();
        run = with.streamer().start(prompt, this);
        if (cancelled) {
            // cancel() ran while the request was being sent and found no run to stop.
            run.cancel();
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
        TurnStart started = turn;
        if (started == null || generated.isBlank()) {
            return; // nothing was said: the turn stays unanswered, and a retry of it asks the LLM again
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - llmStartNanos);
        work.execute(() -> store(generated, MessageOutcome.OK, latencyMs, null));
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
        try {
            return with.journal().recordReply(turn.conversation().id(), command.turnId(), reply, outcome, latencyMs,
                    transferTo);
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
