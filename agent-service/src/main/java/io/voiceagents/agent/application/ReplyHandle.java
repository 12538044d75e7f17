package io.voiceagents.agent.application;

/** A streamed reply in progress, as the edge holds it. */
@FunctionalInterface
public interface ReplyHandle {

    /**
     * The caller went away (gRPC cancellation: barge-in or hang-up): the LLM stream stops and what was
     * generated so far is stored. Idempotent, never blocks.
     */
    void cancel();
}
