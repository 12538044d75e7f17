package io.voiceagents.testkit.twilio.relay;

/** One step of a {@link ConversationRelayCaller}'s script; durations in nanoseconds. */
sealed interface RelayStep {
    record Prompt(String text, String lang) implements RelayStep {
    }

    record WaitForReply(long timeoutNanos) implements RelayStep {
    }

    record InterruptAfter(long afterNanos, long timeoutNanos) implements RelayStep {
    }

    record Dtmf(String digits) implements RelayStep {
    }

    record Pause(long nanos) implements RelayStep {
    }

    record Error(String description) implements RelayStep {
    }

    record HangUp() implements RelayStep {
    }
}
