package io.voiceagents.agent.application.port;

import io.voiceagents.agent.domain.LlmPrompt;

/** The LLM, as the reply use case needs it. Implementations classify failures as {@link LlmException}s. */
public interface LanguageModel {

    /**
     * One completion. Blocking; the caller bounds the time it waits.
     *
     * @throws LlmException when the provider fails (retriable or not)
     */
    LlmReply complete(LlmPrompt prompt);

    /** Short provider name for logs and metric tags, e.g. "google-ai". */
    String providerName();
}
