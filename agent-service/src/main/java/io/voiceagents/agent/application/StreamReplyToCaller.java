package io.voiceagents.agent.application;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One caller turn answered as a stream (`stream` and `relay` calls): store the caller's words, stream the
 * LLM's reply to the sink as it is written, store the whole reply. A retried turn replays the stored reply
 * as one chunk; a failure before any text yields the apology, a failure after some text ends the reply
 * there with the apology after it (both with outcome FALLBACK); a cancelled turn stores what was generated.
 */
@ApplicationScoped
public class StreamReplyToCaller {

    /** What a reply in progress works with. */
    record Collaborators(ConversationJournal journal, LlmStreamer streamer, ConversationSettings settings,
            ReplyMetrics metrics) {
    }

    private final Collaborators with;
    // Database work of streamed turns: virtual threads keep it off the gRPC event loop and the provider's
    // threads without a pool size to tune.
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    public StreamReplyToCaller(ConversationJournal journal, LlmStreamer streamer, ConversationSettings settings,
            ReplyMetrics metrics) {
        this.with = new Collaborators(journal, streamer, settings, metrics);
    }

    /**
     * Starts the reply and returns at once: nothing here blocks, so the gRPC event loop may call it.
     *
     * @throws InvalidInputException when the request is unusable (checked before anything is stored)
     */
    public ReplyHandle start(ReplyCommand command, ReplySink sink) {
        String callerText = TurnInput.callerText(command);
        ReplyInProgress reply = new ReplyInProgress(command, callerText, sink, with, work);
        work.execute(reply::begin);
        return reply;
    }

    @PreDestroy
    void shutdown() {
        work.shutdownNow();
    }
}
