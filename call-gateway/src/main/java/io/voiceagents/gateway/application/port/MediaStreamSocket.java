package io.voiceagents.gateway.application.port;

/**
 * The Twilio side of one Media Streams socket, as the call's session needs it: the edge adapter turns these
 * into the wire's JSON messages for the call's stream. Every method returns at once (the write is queued)
 * and may be called from any thread; after the socket closed they do nothing.
 */
public interface MediaStreamSocket {

    /** One frame of agent audio: raw mu-law 8 kHz, normally 160 bytes (20 ms). The bytes are copied. */
    void sendAudio(byte[] muLaw, int offset, int length);

    /** A mark Twilio echoes once the audio sent before it has played (or was cleared). */
    void sendMark(String name);

    /** Drops the audio buffered at Twilio (barge-in). */
    void sendClear();

    /** Closes the socket; Twilio then runs the TwiML after {@code <Connect>}. */
    void close(String reason);
}
