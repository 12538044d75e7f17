package io.voiceagents.gateway.domain.stream;

import java.util.Optional;

/**
 * Keys the caller presses, collected into one input: '#' ends it at once; otherwise the caller of this class
 * ends it after a pause (see {@link #flush()}). '#' itself is not part of the digits. Used from one thread.
 */
public final class DtmfCollector {

    /** Longer inputs are cut here: no phone menu needs more, and the agent's prompt stays small. */
    public static final int MAX_DIGITS = 32;

    private final StringBuilder digits = new StringBuilder();

    /**
     * Adds one key; returns the complete input when it ends it ('#', or the maximum length reached).
     *
     * @throws IllegalArgumentException when {@code key} is not a DTMF key (0-9, *, #, A-D)
     */
    public Optional<String> add(char key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("not a DTMF key: '" + key + "'");
        }
        if (key == '#') {
            return digits.isEmpty() ? Optional.empty() : Optional.of(take());
        }
        digits.append(Character.toUpperCase(key));
        return digits.length() >= MAX_DIGITS ? Optional.of(take()) : Optional.empty();
    }

    /** The pause after the last key has passed: the input collected so far, if any. */
    public Optional<String> flush() {
        return digits.isEmpty() ? Optional.empty() : Optional.of(take());
    }

    public boolean isEmpty() {
        return digits.isEmpty();
    }

    public static boolean isKey(char key) {
        return (key >= '0' && key <= '9') || key == '*' || key == '#' || (key >= 'A' && key <= 'D')
                || (key >= 'a' && key <= 'd');
    }

    private String take() {
        String value = digits.toString();
        digits.setLength(0);
        return value;
    }
}
