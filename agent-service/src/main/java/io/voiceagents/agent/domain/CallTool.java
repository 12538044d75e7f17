package io.voiceagents.agent.domain;

import java.util.List;

/**
 * What the agent can do to the call besides talking, offered to the LLM as tools. The model only decides
 * <em>that</em> a tool applies; everything else (which number a transfer goes to) comes from the agent's
 * settings, so a caller cannot talk the model into dialling an arbitrary number.
 */
public enum CallTool {

    END_CALL("end_call",
            "Hang up the phone call after your reply is spoken. Use it when the caller says goodbye or clearly"
                    + " has nothing more to discuss.",
            "Goodbye!"),
    TRANSFER_CALL("transfer_call",
            "Transfer the caller to a human colleague after your reply is spoken. Use it when the caller asks for"
                    + " a person or you cannot help them further.",
            "Let me transfer you now.");

    private final String toolName;
    private final String description;
    private final String closingLine;

    CallTool(String toolName, String description, String closingLine) {
        this.toolName = toolName;
        this.description = description;
        this.closingLine = closingLine;
    }

    /** The function name the LLM sees and calls. */
    public String toolName() {
        return toolName;
    }

    public String description() {
        return description;
    }

    /** Said when the model calls the tool without writing anything: the caller must not hear silence. */
    public String closingLine() {
        return closingLine;
    }

    /** The outcome of a reply in which the model called this tool. */
    public MessageOutcome outcome() {
        return this == END_CALL ? MessageOutcome.END_CALL : MessageOutcome.TRANSFER;
    }

    /** The tools an agent offers the LLM: ending the call always, transferring only with a transfer number. */
    public static List<CallTool> offeredBy(String transferNumber) {
        return transferNumber == null || transferNumber.isBlank() ? List.of(END_CALL)
                : List.of(END_CALL, TRANSFER_CALL);
    }

    /** The tool with this function name, or null when the model named something we never offered. */
    public static CallTool byToolName(String name) {
        for (CallTool tool : values()) {
            if (tool.toolName.equals(name)) {
                return tool;
            }
        }
        return null;
    }
}
