package io.voiceagents.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallToolsAndInputTest {

    @Test
    void theTransferToolIsOfferedOnlyWithANumber() {
        assertThat(CallTool.offeredBy(null)).containsExactly(CallTool.END_CALL);
        assertThat(CallTool.offeredBy(" ")).containsExactly(CallTool.END_CALL);
        assertThat(CallTool.offeredBy("+14155550199")).containsExactly(CallTool.END_CALL, CallTool.TRANSFER_CALL);
        assertThat(CallTool.byToolName("transfer_call")).isEqualTo(CallTool.TRANSFER_CALL);
        assertThat(CallTool.byToolName("dial")).isNull();
    }

    @Test
    void aReplyEndsAsTheModelsToolSays() {
        assertThat(ReplyEnding.of("Sure.", null, "+14155550199"))
                .isEqualTo(new ReplyEnding("Sure.", MessageOutcome.OK, null));
        assertThat(ReplyEnding.of("Bye!", CallTool.END_CALL, null))
                .isEqualTo(new ReplyEnding("Bye!", MessageOutcome.END_CALL, null));
        assertThat(ReplyEnding.of("One moment.", CallTool.TRANSFER_CALL, "+14155550199"))
                .isEqualTo(new ReplyEnding("One moment.", MessageOutcome.TRANSFER, "+14155550199"));
    }

    @Test
    void aToolCallWithoutWordsGetsItsClosingLine() {
        ReplyEnding bye = ReplyEnding.of("", CallTool.END_CALL, null);
        ReplyEnding transfer = ReplyEnding.of(null, CallTool.TRANSFER_CALL, "+14155550199");

        assertThat(bye.text()).isEqualTo("Goodbye!");
        assertThat(bye.addedTo("")).isEqualTo("Goodbye!");
        assertThat(transfer.text()).isEqualTo("Let me transfer you now.");
        assertThat(ReplyEnding.of("Bye!", CallTool.END_CALL, null).addedTo("Bye!")).isEmpty();
    }

    @Test
    void aTransferWithoutANumberIsIgnored() {
        assertThat(ReplyEnding.of("Let me get someone.", CallTool.TRANSFER_CALL, null))
                .isEqualTo(new ReplyEnding("Let me get someone.", MessageOutcome.OK, null));
    }

    @Test
    void keypadPressesAreWrittenIntoTheCallersText() {
        assertThat(CallerInput.text("", "12#")).isEqualTo("[keypad: 1 2 #]");
        assertThat(CallerInput.text(" Billing please ", "2")).isEqualTo("Billing please [keypad: 2]");
        assertThat(CallerInput.text("Hello", null)).isEqualTo("Hello");
        assertThat(CallerInput.text(null, " ")).isEmpty();
        assertThat(CallerInput.hasKeypad("Billing [keypad: 2]")).isTrue();
        assertThat(CallerInput.hasKeypad("Billing")).isFalse();
        assertThat(CallerInput.DTMF_DIGITS.matcher("0123456789*#").matches()).isTrue();
        assertThat(CallerInput.DTMF_DIGITS.matcher("12a").matches()).isFalse();
    }
}
