package io.voiceagents.agent.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the LLM prompt for a caller turn: the agent's instructions plus call context as the system
 * instruction, a bounded window of history, then the new utterance.
 */
public final class PromptBuilder {

    /** Metadata is operator-supplied free JSON; a cap keeps one odd call from blowing up the prompt. */
    static final int MAX_METADATA_CHARS = 2000;

    private PromptBuilder() {
    }

    public static LlmPrompt build(String instructions, CallContext context, List<Message> history, String utterance,
            int maxHistoryMessages, LlmSettings settings) {
        List<Message> window = HistoryWindow.lastN(history, maxHistoryMessages);
        StringBuilder system = new StringBuilder(instructions.strip());
        appendCallContext(system, context);

        // Gemini expects the chat to open with a user turn. What the agent said before the caller's
        // first kept turn (typically the greeting) therefore goes into the system instruction.
        int firstUser = 0;
        while (firstUser < window.size() && window.get(firstUser).role() == MessageRole.ASSISTANT) {
            firstUser++;
        }
        if (firstUser > 0) {
            system.append("\n\nEarlier in this call you said:");
            for (Message m : window.subList(0, firstUser)) {
                system.append("\n- \"").append(m.text()).append('"');
            }
        }

        List<PromptMessage> messages = new ArrayList<>(window.size() - firstUser + 1);
        for (Message m : window.subList(firstUser, window.size())) {
            messages.add(new PromptMessage(m.role(), m.text()));
        }
        messages.add(new PromptMessage(MessageRole.USER, utterance));
        return new LlmPrompt(system.toString(), messages, settings);
    }

    private static void appendCallContext(StringBuilder system, CallContext context) {
        if (context == null) {
            return;
        }
        List<String> facts = new ArrayList<>();
        if (notBlank(context.direction())) {
            facts.add("direction " + context.direction());
        }
        if (notBlank(context.fromNumber())) {
            facts.add("caller number " + context.fromNumber());
        }
        if (notBlank(context.toNumber())) {
            facts.add("called number " + context.toNumber());
        }
        if (!facts.isEmpty()) {
            system.append("\n\nCall context: you are on a phone call (").append(String.join(", ", facts))
                    .append("). Keep answers short and easy to say aloud.");
        }
        if (notBlank(context.metadataJson())) {
            String metadata = context.metadataJson().strip();
            if (metadata.length() > MAX_METADATA_CHARS) {
                metadata = metadata.substring(0, MAX_METADATA_CHARS) + "…";
            }
            system.append("\nCall metadata (JSON): ").append(metadata);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
