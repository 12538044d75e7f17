package io.voiceagents.agent.application.port;

import io.voiceagents.agent.domain.LlmPrompt;

/** The LLM, as the reply use cases need it. Implementations classify failures as {@link LlmException}s. */
public interface LanguageModel {

    /**
     * One completion. Blocking; the caller bounds the time it waits.
     *
     * @throws LlmException when the provider fails (retriable or not)
     */
    LlmReply complete(LlmPrompt prompt);

    /**
     * Starts one streamed completion and returns at once. The listener is called from the provider's
     * threads, one call at a time: text deltas, then exactly one of complete or error — unless the stream
     * is cancelled, after which it hears nothing more. No retries happen here: the caller decides.
     */
    LlmStream stream(LlmPrompt prompt, LlmStreamListener listener);

    /** Short provider name for logs and metric tags, e.g. "google-ai". */
    String providerName();
}
