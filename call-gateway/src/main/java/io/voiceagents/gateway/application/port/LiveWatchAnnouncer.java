package io.voiceagents.gateway.application.port;

import java.util.concurrent.CompletionStage;

/**
 * Tells every gateway replica that a call has viewers on this one. The replica that runs the call publishes the
 * call's {@linkplain io.voiceagents.gateway.domain.LiveCallEvent.Type#streaming() streaming} live events only
 * while an announcement of it holds, because nobody needs dozens of them a second for calls nobody watches.
 * An announcement holds for a lease: it is renewed while the viewers stay, and ends when it is withdrawn or
 * not renewed in time (a replica that died withdraws nothing).
 */
public interface LiveWatchAnnouncer {

    /**
     * Announces (or renews) viewers of the call on this replica. The stage completes once the announcement took
     * effect on this replica — and so, give or take their own lag, on the others — or after a short bound when
     * it could not be made (broker down); it never completes exceptionally. Never blocks nor throws.
     */
    CompletionStage<Void> announce(String callSid);

    /** The last viewer of the call on this replica left. Never blocks nor throws. */
    void withdraw(String callSid);
}
