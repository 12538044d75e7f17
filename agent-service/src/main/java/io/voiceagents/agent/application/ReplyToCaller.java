package io.voiceagents.agent.application;

import jakarta.enterprise.context.ApplicationScoped;

import io.voiceagents.agent.domain.CallContext;
import io.voiceagents.agent.domain.FallbackReply;
import io.voiceagents.agent.domain.LlmPrompt;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.PromptBuilder;

/**
 * One caller turn: store the utterance, ask the LLM with the agent's instructions and recent history,
 * store and return the reply. A retried turn gets the stored reply without a second LLM call; a failed
 * or slow LLM yields a stored apology, never an error.
 */
@ApplicationScoped
public class ReplyToCaller {

    private final ConversationJournal journal;
    private final LlmCaller llm;
    private final ConversationSettings settings;

    public ReplyToCaller(ConversationJournal journal, LlmCaller llm, ConversationSettings settings) {
        this.journal = journal;
        this.llm = llm;
        this.settings = settings;
    }

    public ReplyResult reply(ReplyCommand command) {
        if (command.utterance() == null || command.utterance().isBlank()) {
            throw new InvalidInputException("utterance", "must not be blank");
        }
        TurnStart turn = journal.beginTurn(command);
        if (turn.alreadyAnswered()) {
            return toResult(turn.storedReply());
        }
        LlmPrompt prompt = PromptBuilder.build(turn.agent().instructions(), CallContext.of(turn.conversation()),
                turn.history(), turn.utterance(), settings.historyMaxMessages(), turn.agent().llm());
        LlmCaller.Outcome outcome = llm.complete(prompt);
        Message stored = journal.recordReply(turn.conversation().id(), command.turnId(),
                outcome.ok() ? outcome.text() : FallbackReply.TEXT,
                outcome.ok() ? MessageOutcome.OK : MessageOutcome.FALLBACK,
                outcome.latencyMs());
        return toResult(stored);
    }

    private static ReplyResult toResult(Message message) {
        return new ReplyResult(message.text(), message.outcome(),
                message.llmLatencyMs() == null ? 0 : message.llmLatencyMs(), message.id());
    }
}
