package io.voiceagents.agent.infra.llm;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.application.port.LlmStream;
import io.voiceagents.agent.application.port.LlmStreamListener;
import io.voiceagents.agent.application.port.RetriableLlmException;

/**
 * One streamed completion: forwards langchain4j's callbacks to the port's listener and cancels the
 * provider stream on request.
 *
 * <p>langchain4j 1.8.0 hands out its cancellation handle only with a partial response (the
 * {@link StreamingHandle} in {@link PartialResponseContext}); for Google AI cancelling it closes the HTTP
 * response stream, so the connection is dropped and generation stops being read. A cancel that comes before
 * the first partial response therefore cannot close anything yet: it is remembered and applied the moment
 * that first partial arrives, and the listener hears nothing in between.
 */
final class ProviderStream implements StreamingChatResponseHandler, LlmStream {

    private final String provider;
    private final LlmStreamListener listener;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile StreamingHandle handle;

    ProviderStream(String provider, LlmStreamListener listener) {
        this.provider = provider;
        this.listener = listener;
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        if (handle == null && context != null) {
            handle = context.streamingHandle();
        }
        if (cancelled) {
            cancelProvider();
            return;
        }
        String text = partial == null ? null : partial.text();
        if (text != null && !text.isEmpty() && !finished.get()) {
            listener.onText(text);
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        if (cancelled || !finished.compareAndSet(false, true)) {
            return;
        }
        var message = response == null ? null : response.aiMessage();
        FinishReason finish = response == null ? null : response.finishReason();
        if (finish == null && (message == null || !message.hasToolExecutionRequests())) {
            // Gemini ends every complete answer with a finish reason; a stream that just stops was cut off.
            listener.onError(new RetriableLlmException(provider + ": the stream ended without a finish reason", null));
            return;
        }
        listener.onComplete(new LlmReply(message == null ? null : message.text(), LlmTools.calledTool(message)));
    }

    @Override
    public void onError(Throwable error) {
        if (cancelled || !finished.compareAndSet(false, true)) {
            return;
        }
        listener.onError(classify(error));
    }

    @Override
    public void cancel() {
        cancelled = true;
        cancelProvider();
    }

    private void cancelProvider() {
        StreamingHandle h = handle;
        if (h != null && !h.isCancelled()) {
            try {
                h.cancel();
            } catch (RuntimeException e) {
                // Closing an already broken connection may complain; the stream is over either way.
            }
        }
    }

    private LlmException classify(Throwable error) {
        if (error instanceof LlmException known) {
            return known;
        }
        RuntimeException runtime = error instanceof RuntimeException r ? r : new RuntimeException(error);
        return LlmErrors.classify(provider, runtime);
    }
}
