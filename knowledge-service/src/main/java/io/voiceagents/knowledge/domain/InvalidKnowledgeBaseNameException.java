package io.voiceagents.knowledge.domain;

/** A knowledge base name broke one of the rules of {@link KnowledgeBaseName}; the message says which. */
public class InvalidKnowledgeBaseNameException extends IllegalArgumentException {

    public InvalidKnowledgeBaseNameException(String message) {
        super(message);
    }
}
