package io.voiceagents.testkit.twilio.media;

/** How an emulated Twilio stream ended. */
public enum StreamEnd {
    /** The script hung up ({@code hangUp()}): Twilio sent {@code stop} and closed the socket. */
    CALLER_HUNG_UP,
    /** The call was hung up over REST ({@code Status=completed}): {@code stop}, then close. */
    HUNG_UP_BY_REST,
    /** The call was redirected over REST (new Twiml or Url; a {@code <Dial>} is a transfer): {@code stop}, then close. */
    REDIRECTED_BY_REST,
    /** The application closed the socket. */
    CLOSED_BY_SERVER,
    /** The agent ended the session ({@code end} message, ConversationRelay). */
    ENDED_BY_AGENT,
    /** The connection broke. */
    TRANSPORT_ERROR,
    /** The emulator was closed under the call. */
    ABORTED
}
