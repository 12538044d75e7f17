package io.voiceagents.agent.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the LLM prompt for a caller turn: the agent's instructions plus call context as the system
 * instruction, a bounded window of history, then the new utterance. An agent message the caller
 * interrupted appears as what they heard, marked as cut off: the model must not believe it said the rest.
 */
public final class PromptBuilder {

    /** Metadata is operator-supplied free JSON; a cap keeps one odd call from blowing up the prompt. */
    static final int MAX_METADATA_CHARS = 2000;

    private PromptBuilder() {
    }

    /** Marks the end of what the caller heard of an interrupted agent message. */
    static final String INTERRUPTED_MARK = "[the caller interrupted you here]";
    /** Stands for an agent message the caller interrupted before hearing any of it (Gemini refuses empty turns). */
    static final String INTERRUPTED_BEFORE_SPEAKING = "[the caller interrupted you before you said anything]";

    public static LlmPrompt build(String instructions, CallContext context, List<Message> history, String utterance,
            int maxHistoryMessages, LlmSettings settings) {
        return build(instructions, context, history, utterance, maxHistoryMessages, settings, List.of());
    }

    public static LlmPrompt build(String instructions, CallContext context, List<Message> history, String utterance,
            int maxHistoryMessages, LlmSettings settings, List<CallTool> tools) {
        List<Message> window = HistoryWindow.lastN(history, maxHistoryMessages);
        StringBuilder system = new StringBuilder(instructions.strip());
        appendCallContext(system, context);
        appendToolGuide(system, tools);
        if (CallerInput.hasKeypad(utterance) || window.stream().anyMatch(m -> CallerInput.hasKeypad(m.text()))) {
            system.append("\nText like [keypad: 1 2 #] means the caller pressed those keys on their phone.");
        }

        // Gemini expects the chat to open with a user turn. What the agent said before the caller's
        // first kept turn (typically the greeting) therefore goes into the system instruction.
        int firstUser = 0;
        while (firstUser < window.size() && window.get(firstUser).role() == MessageRole.ASSISTANT) {
            firstUser++;
        }
        if (firstUser > 0) {
            system.append("\n\nEarlier in this call you said:");
            for (Message m : window.subList(0, firstUser)) {
                system.append("\n- \"").append(promptText(m)).append('"');
            }
        }

        List<PromptMessage> messages = new ArrayList<>(window.size() - firstUser + 1);
        for (Message m : window.subList(firstUser, window.size())) {
            messages.add(new PromptMessage(m.role(), promptText(m)));
        }
        messages.add(new PromptMessage(MessageRole.USER, utterance));
        return new LlmPrompt(system.toString(), messages, settings, tools);
    }

    /** What the model reads for a stored message: for an interrupted one, only what the caller heard. */
    static String promptText(Message m) {
        if (!m.interrupted()) {
            return m.text();
        }
        String heard = m.text() == null ? "" : m.text().strip();
        return heard.isEmpty() ? INTERRUPTED_BEFORE_SPEAKING : heard + " " + INTERRUPTED_MARK;
    }

    private static void appendToolGuide(StringBuilder system, List<CallTool> tools) {
        if (tools == null || tools.isEmpty()) {
            return;
        }
        system.append("\n\nCall tools: always say a short sentence to the caller when you use one.");
        if (tools.contains(CallTool.END_CALL)) {
            system.append("\n- Call ").append(CallTool.END_CALL.toolName())
                    .append(" when the caller says goodbye or the conversation is clearly over.");
        }
        if (tools.contains(CallTool.TRANSFER_CALL)) {
            system.append("\n- Call ").append(CallTool.TRANSFER_CALL.toolName())
                    .append(" when the caller asks for a human or you cannot help them; the number is already set.");
        }
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
