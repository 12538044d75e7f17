package io.voiceagents.agent.api.grpc;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.voiceagents.agent.application.ReplySink;
import io.voiceagents.agent.application.StreamedReplyEnd;
import io.voiceagents.contracts.agent.v1.ReplyChunk;

/**
 * Writes a streamed reply as ReplyChunks. Mutiny's emitter serializes the calls and drops whatever comes
 * after the client cancelled, so the use case may call it from any thread.
 */
final class ChunkSink implements ReplySink {

    private final MultiEmitter<? super ReplyChunk> emitter;

    ChunkSink(MultiEmitter<? super ReplyChunk> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void delta(String text, long llmFirstTokenMs) {
        emitter.emit(ReplyChunk.newBuilder().setDelta(text).setLlmFirstTokenMs(llmFirstTokenMs).build());
    }

    @Override
    public void end(StreamedReplyEnd end) {
        ReplyChunk.Builder last = ReplyChunk.newBuilder()
                .setDelta(end.text() == null ? "" : end.text())
                .setLast(true)
                .setOutcome(ConversationGrpcService.outcome(end.outcome()))
                .setMessageId(end.messageId().toString())
                .setLlmLatencyMs(end.llmLatencyMs())
                .setReplayed(end.replayed());
        if (end.transferTo() != null) {
            last.setTransferTo(end.transferTo());
        }
        emitter.emit(last.build());
        emitter.complete();
    }

    @Override
    public void fail(RuntimeException error) {
        emitter.fail(ConversationGrpcService.toStatus(error).asRuntimeException());
    }
}
