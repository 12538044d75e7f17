package io.voiceagents.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PromptBuilderTest {

    private static final LlmSettings SETTINGS = new LlmSettings("gemini-2.5-flash", 0.2, 200);
    private static final CallContext INBOUND = new CallContext("+14155550123", "+14155550100", "inbound", null);

    @Test
    void systemInstructionHoldsTheInstructionsAndCallContext() {
        LlmPrompt prompt = PromptBuilder.build("  Be the front desk.  ", INBOUND, List.of(), "Hi", 20, SETTINGS);

        assertThat(prompt.systemInstruction()).startsWith("Be the front desk.")
                .contains("caller number +14155550123")
                .contains("direction inbound")
                .doesNotContain("metadata");
        assertThat(prompt.messages()).containsExactly(new PromptMessage(MessageRole.USER, "Hi"));
        assertThat(prompt.settings()).isEqualTo(SETTINGS);
    }

    @Test
    void metadataIsIncludedAndCapped() {
        String huge = "{\"notes\":\"" + "x".repeat(5000) + "\"}";
        LlmPrompt small = PromptBuilder.build("I", new CallContext(null, null, null, "{\"patient\":\"Ada\"}"),
                List.of(), "Hi", 20, SETTINGS);
        LlmPrompt big = PromptBuilder.build("I", new CallContext(null, null, null, huge), List.of(), "Hi", 20, SETTINGS);

        assertThat(small.systemInstruction()).contains("Call metadata (JSON): {\"patient\":\"Ada\"}");
        assertThat(big.systemInstruction().length()).isLessThan(PromptBuilder.MAX_METADATA_CHARS + 200);
    }

    @Test
    void openingAgentLinesMoveIntoTheSystemInstruction() {
        // m1 is the greeting (assistant), then user/assistant alternate.
        List<Message> history = HistoryWindowTest.conversation(3);

        LlmPrompt prompt = PromptBuilder.build("I", INBOUND, history, "new words", 20, SETTINGS);

        assertThat(prompt.systemInstruction()).contains("Earlier in this call you said:\n- \"m1\"");
        assertThat(prompt.messages()).containsExactly(
                new PromptMessage(MessageRole.USER, "m2"),
                new PromptMessage(MessageRole.ASSISTANT, "m3"),
                new PromptMessage(MessageRole.USER, "new words"));
    }

    @Test
    void historyIsBoundedToTheWindow() {
        List<Message> history = HistoryWindowTest.conversation(9);

        LlmPrompt prompt = PromptBuilder.build("I", INBOUND, history, "latest", 4, SETTINGS);

        // Window m6..m9 starts with the user's m6; the greeting m1 is gone entirely.
        assertThat(prompt.messages()).extracting(PromptMessage::text).containsExactly("m6", "m7", "m8", "m9", "latest");
        assertThat(prompt.systemInstruction()).doesNotContain("m1").doesNotContain("Earlier in this call");
    }

    @Test
    void noHistoryWindowSendsOnlyTheUtterance() {
        LlmPrompt prompt = PromptBuilder.build("I", null, HistoryWindowTest.conversation(5), "only", 0, SETTINGS);

        assertThat(prompt.messages()).extracting(PromptMessage::text).containsExactly("only");
        assertThat(prompt.systemInstruction()).isEqualTo("I");
    }

    @Test
    void anInterruptedReplyIsWhatTheCallerHeardMarkedAsCutOff() {
        List<Message> history = List.of(
                message(1, MessageRole.ASSISTANT, "Hello, how", true),
                message(2, MessageRole.USER, "Hi", false),
                message(3, MessageRole.ASSISTANT, "We open at nine.", true),
                message(4, MessageRole.USER, "And close?", false),
                message(5, MessageRole.ASSISTANT, "", true));

        LlmPrompt prompt = PromptBuilder.build("I", INBOUND, history, "Hello?", 20, SETTINGS);

        assertThat(prompt.systemInstruction()).contains("- \"Hello, how [the caller interrupted you here]\"");
        assertThat(prompt.messages()).extracting(PromptMessage::text).containsExactly("Hi",
                "We open at nine. [the caller interrupted you here]", "And close?",
                "[the caller interrupted you before you said anything]", "Hello?");
    }

    @Test
    void toolsAreExplainedBriefly() {
        LlmPrompt both = PromptBuilder.build("I", INBOUND, List.of(), "Hi", 20, SETTINGS,
                CallTool.offeredBy("+14155550199"));
        LlmPrompt endOnly = PromptBuilder.build("I", INBOUND, List.of(), "Hi", 20, SETTINGS, CallTool.offeredBy(null));

        assertThat(both.tools()).containsExactly(CallTool.END_CALL, CallTool.TRANSFER_CALL);
        assertThat(both.systemInstruction()).contains("Call end_call when the caller says goodbye")
                .contains("Call transfer_call when the caller asks for a human");
        assertThat(endOnly.systemInstruction()).contains("end_call").doesNotContain("transfer_call");
        assertThat(PromptBuilder.build("I", INBOUND, List.of(), "Hi", 20, SETTINGS).systemInstruction())
                .doesNotContain("end_call");
    }

    @Test
    void keypadInputIsExplainedWhenThePromptHasSome() {
        LlmPrompt keys = PromptBuilder.build("I", INBOUND, List.of(), "[keypad: 1]", 20, SETTINGS);
        LlmPrompt words = PromptBuilder.build("I", INBOUND, List.of(), "one", 20, SETTINGS);

        assertThat(keys.systemInstruction()).contains("pressed those keys on their phone");
        assertThat(words.systemInstruction()).doesNotContain("keypad");
    }

    private static Message message(int seq, MessageRole role, String text, boolean interrupted) {
        return new Message(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), seq, role, text,
                java.time.Instant.EPOCH, null, null, null, interrupted, interrupted ? text + " and more" : null, null);
    }
}
