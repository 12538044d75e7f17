package io.voiceagents.testkit.twilio.media;

import io.voiceagents.testkit.twilio.CallUpdate;
import io.voiceagents.testkit.twilio.TwimlParser;
import java.util.function.Consumer;

/**
 * How an emulated caller's stream (or relay session) ended, as its report shows it: the first end, the application's
 * close code and reason, and where a REST update sent the call. Shared by the Media Streams and ConversationRelay
 * callers; not thread-safe: the caller's lock guards it.
 */
public final class CallEnding {

    private StreamEnd end;
    private int closeCode = -1;
    private String closeReason;
    private String transferredTo;
    private String redirectedTo;

    /** True the first time: the call ended {@code how}; false when it had ended already (the first end stays). */
    public boolean end(StreamEnd how) {
        if (end != null) {
            return false;
        }
        end = how;
        return true;
    }

    public boolean ended() {
        return end != null;
    }

    /** How the call ended; null while it goes on. */
    public StreamEnd how() {
        return end;
    }

    /** The application's close (or the close it answered). */
    public void closed(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    /** A REST update gave the call new instructions: where it goes, and the number dialed; TwiML errors to {@code errors}. */
    public void redirected(CallUpdate update, Consumer<String> errors) {
        redirectedTo = update.url();
        if (update.twiml() != null) {
            try {
                transferredTo = ConnectTwiml.dialedNumber(update.twiml()).orElse(null);
            } catch (TwimlParser.InvalidTwimlException e) {
                errors.accept("REST update with invalid Twiml: " + e.getMessage());
            }
        }
    }

    /** -1 unless the application closed the socket. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public String transferredTo() {
        return transferredTo;
    }

    public String redirectedTo() {
        return redirectedTo;
    }
}
