package io.voiceagents.outbound.application.port;

/** agent-service did not answer: nothing can be validated, so nothing is stored or dialed. */
public class AgentDirectoryUnavailableException extends RuntimeException {

    public AgentDirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
