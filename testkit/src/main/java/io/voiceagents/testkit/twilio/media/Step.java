package io.voiceagents.testkit.twilio.media;

/** One step of a {@link MediaStreamsCaller}'s script; run in order on its event loop, one frame at a time. */
sealed interface Step {

    /** Human-readable, for failure messages. */
    String describe();

    /**
     * Speak {@code audio}; with {@code bargeIn}, first wait until the agent is speaking, then {@code afterAgentNanos}
     * past the start of its utterance.
     */
    record Say(String name, String transcript, byte[] audio, boolean bargeIn, long afterAgentNanos, long timeoutNanos)
            implements Step {
        public String describe() {
            return (bargeIn ? "sayWhileAgentSpeaks(" : "say(") + name + ")";
        }
    }

    record Silence(long nanos) implements Step {
        public String describe() {
            return "silence(" + nanos / 1_000_000 + " ms)";
        }
    }

    record WaitForAgentSpeech(long timeoutNanos) implements Step {
        public String describe() {
            return "waitForAgentSpeech";
        }
    }

    record WaitForAgentReply(long timeoutNanos) implements Step {
        public String describe() {
            return "waitForAgentReply";
        }
    }

    record WaitUntilAgentQuiet(long quietNanos, long timeoutNanos) implements Step {
        public String describe() {
            return "waitUntilAgentQuiet(" + quietNanos / 1_000_000 + " ms)";
        }
    }

    record Dtmf(String digits) implements Step {
        public String describe() {
            return "dtmf(" + digits + ")";
        }
    }

    record HangUp() implements Step {
        public String describe() {
            return "hangUp";
        }
    }
}
