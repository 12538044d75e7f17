package io.voiceagents.agent.application;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One caller turn answered as a stream (`stream` and `relay` calls): read what the prompt needs, send the LLM
 * request, store the caller's words while it is on its way, stream the LLM's reply to the sink as it is written,
 * store the whole reply. A retried turn replays the stored reply as one chunk; a failure before any text yields
 * the apology, a failure after some text ends the reply there with the apology after it (both with outcome
 * FALLBACK); a cancelled turn stores what was generated.
 */
@ApplicationScoped
public class StreamReplyToCaller {

    /** What a reply in progress works with. */
    record Collaborators(TurnReader reader, ConversationJournal journal, LlmStreamer streamer,
            ConversationSettings settings, ReplyMetrics metrics) {
    }

    /**
     * Turns being opened at once (the read and the LLM request, a few milliseconds each) before more wait in line:
     * a hundred calls ask for a reply a few dozen times a second.
     */
    static final int OPENING_THREADS = 16;

    private final Collaborators with;
    // The start of a turn (its read and its LLM request), on the caller's wait: platform threads, started ahead and
    // woken by the operating system the moment a read returns. On virtual threads the start and the read's answer
    // each wait for one of the few carrier threads, behind whatever else runs on them: with 50 calls at once on a
    // busy machine (BeforeLlmTimeBench) that made the median time to the LLM request several times longer. At the
    // highest priority (a nice value where the JVM runs with ThreadPriorityPolicy=1 and may raise priorities) the
    // hand-over from the gRPC event loop took p50 0.1-0.2 / p90 0.5-1.3 ms instead of 0.5-0.7 / 2.6-3.5 ms with
    // 100-150 calls on a busy 2-core machine.
    private final ThreadPoolExecutor opening = new ThreadPoolExecutor(OPENING_THREADS, OPENING_THREADS, 0,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Thread.ofPlatform().name("turn-opening-", 0).daemon()
                    .priority(Thread.MAX_PRIORITY).factory());
    // Every other database work of streamed turns (storing messages): virtual threads keep it off the gRPC event
    // loop, the provider's threads and the opening threads without a pool size to tune.
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    public StreamReplyToCaller(TurnReader reader, ConversationJournal journal, LlmStreamer streamer,
            ConversationSettings settings, ReplyMetrics metrics) {
        this.with = new Collaborators(reader, journal, streamer, settings, metrics);
        opening.prestartAllCoreThreads();
    }

    /**
     * Starts the reply and returns at once: nothing here blocks, so the gRPC event loop may call it.
     *
     * @throws InvalidInputException when the request is unusable (checked before anything is stored)
     */
    public ReplyHandle start(ReplyCommand command, ReplySink sink) {
        String callerText = TurnInput.callerText(command);
        ReplyInProgress reply = new ReplyInProgress(command, callerText, sink, with, work);
        opening.execute(reply::begin);
        return reply;
    }

    @PreDestroy
    void shutdown() {
        opening.shutdownNow();
        work.shutdownNow();
    }
}
