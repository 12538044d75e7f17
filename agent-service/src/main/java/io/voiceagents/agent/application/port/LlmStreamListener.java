package io.voiceagents.agent.application.port;

/** Receives one streamed completion. See {@link LanguageModel#stream}. */
public interface LlmStreamListener {

    /** Text generated since the previous call; never empty. */
    void onText(String delta);

    /**
     * The model finished normally.
     *
     * @param reply the whole text (every delta joined) and the tool the model called, if any
     */
    void onComplete(LlmReply reply);

    /** The stream failed, before or after some text; nothing follows. */
    void onError(LlmException error);
}
