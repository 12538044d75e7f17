package io.voiceagents.agent.application.port;

/** A streamed completion in progress. */
public interface LlmStream {

    /**
     * Stops the completion: the provider connection is closed where the client library allows it, and the
     * listener hears nothing more. Idempotent, callable from any thread.
     */
    void cancel();
}
