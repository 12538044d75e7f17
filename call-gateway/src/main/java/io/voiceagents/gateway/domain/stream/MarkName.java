package io.voiceagents.gateway.domain.stream;

import java.util.Optional;

/**
 * The name of the Media Streams {@code mark} sent after each sentence: which agent utterance and which of its
 * sentences it closes, and the turn the utterance answers (for logs and for reading a call's traffic).
 * Twilio echoes the name when the audio before it has played, which is how the gateway knows what the
 * caller heard. Format: {@code t<turn>.u<utterance>.s<sentence>}, turn -1 for utterances outside a turn
 * (re-prompts, apologies, goodbyes).
 */
public record MarkName(int turnIndex, long utterance, int sentence) {

    public String wire() {
        return "t" + turnIndex + ".u" + utterance + ".s" + sentence;
    }

    /** Parses a name this class wrote; empty for anything else (a mark from another sender is ignored). */
    public static Optional<MarkName> parse(String name) {
        if (name == null || !name.startsWith("t")) {
            return Optional.empty();
        }
        String[] parts = name.split("\\.");
        if (parts.length != 3 || !parts[1].startsWith("u") || !parts[2].startsWith("s")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MarkName(Integer.parseInt(parts[0].substring(1)), Long.parseLong(parts[1].substring(1)),
                    Integer.parseInt(parts[2].substring(1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
