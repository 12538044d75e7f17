package io.voiceagents.gateway.application.relay;

import io.voiceagents.gateway.domain.RelayHandoff;

/**
 * The session's side of the socket: what it tells ConversationRelay. Implementations write without waiting
 * (the socket queues) and never throw.
 */
public interface RelayOutput {

    /** A piece of the agent's reply for Twilio to speak; {@code last} on the final piece of a reply. */
    void text(String token, boolean last);

    /** Ends the session; Twilio then requests the {@code <Connect action>} URL with this handoff data. */
    void end(RelayHandoff handoff);

    /** Closes the socket with a reason (a session that is not, or no longer, a call this gateway runs). */
    void close(String reason);
}
