package io.voiceagents.agent.application;

/**
 * Where a streamed reply goes (the gRPC edge turns these into ReplyChunks). Called from several threads, one
 * call at a time: deltas first, then exactly one of end or fail. After the caller cancels, calls may still
 * come and are to be ignored.
 */
public interface ReplySink {

    /**
     * @param text            text generated since the previous delta
     * @param llmFirstTokenMs on the first delta that carries text: the LLM's time to first token; else 0
     */
    void delta(String text, long llmFirstTokenMs);

    /** The reply is complete and stored. */
    void end(StreamedReplyEnd end);

    /** The turn could not be answered at all (unknown call, ended conversation, storage failure). */
    void fail(RuntimeException error);
}
