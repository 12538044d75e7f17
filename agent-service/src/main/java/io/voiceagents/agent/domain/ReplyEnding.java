package io.voiceagents.agent.domain;

/**
 * How a generated reply ends the caller's turn: the words the caller hears and what happens to the call.
 *
 * @param text       what the agent says: the model's words, or the tool's closing line when it wrote none
 * @param outcome    OK, END_CALL or TRANSFER
 * @param transferTo the agent's transfer number when the outcome is TRANSFER, else null
 */
public record ReplyEnding(String text, MessageOutcome outcome, String transferTo) {

    /**
     * @param generated      the model's text (may be empty when it only called a tool)
     * @param tool           the tool the model called, or null
     * @param transferNumber the agent's transfer number, or null; a transfer without one is ignored (the tool
     *                       was never offered, so the model made it up)
     */
    public static ReplyEnding of(String generated, CallTool tool, String transferNumber) {
        String text = generated == null ? "" : generated;
        boolean noTransferTarget = transferNumber == null || transferNumber.isBlank();
        if (tool == null || (tool == CallTool.TRANSFER_CALL && noTransferTarget)) {
            return new ReplyEnding(text, MessageOutcome.OK, null);
        }
        String said = text.isBlank() ? tool.closingLine() : text;
        return new ReplyEnding(said, tool.outcome(), tool == CallTool.TRANSFER_CALL ? transferNumber : null);
    }

    /** The words added after the streamed text: the closing line when the model wrote nothing, else nothing. */
    public String addedTo(String streamed) {
        return streamed == null || streamed.isBlank() ? text : "";
    }
}
