package io.voiceagents.agent.domain;

import java.util.List;

/** Keeps the prompt bounded: only the most recent messages of a conversation go to the LLM. */
public final class HistoryWindow {

    private HistoryWindow() {
    }

    /** The last {@code max} messages of {@code history} (oldest first); empty when max is 0 or less. */
    public static List<Message> lastN(List<Message> history, int max) {
        if (max <= 0 || history.isEmpty()) {
            return List.of();
        }
        int from = Math.max(0, history.size() - max);
        return List.copyOf(history.subList(from, history.size()));
    }
}
