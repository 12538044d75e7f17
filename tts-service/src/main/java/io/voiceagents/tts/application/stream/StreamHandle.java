package io.voiceagents.tts.application.stream;

/** A running stream, as its caller holds it. */
public interface StreamHandle {

    /**
     * The caller went away (barge-in, hang-up): no listener call follows, and the provider request stops unless
     * another caller is waiting for the same sentence. Idempotent.
     */
    void cancel();
}
