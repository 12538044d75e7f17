package io.voiceagents.agent.application;

import jakarta.enterprise.context.ApplicationScoped;

import io.voiceagents.agent.domain.CallContext;
import io.voiceagents.agent.domain.CallTool;
import io.voiceagents.agent.domain.FallbackReply;
import io.voiceagents.agent.domain.LlmPrompt;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.PromptBuilder;
import io.voiceagents.agent.domain.ReplyEnding;

/**
 * One caller turn: store the utterance, ask the LLM with the agent's instructions and recent history,
 * store and return the reply. A retried turn gets the stored reply without a second LLM call; a failed
 * or slow LLM yields a stored apology, never an error. The model may end or transfer the call (its tools).
 */
@ApplicationScoped
public class ReplyToCaller {

    private final ConversationJournal journal;
    private final LlmCaller llm;
    private final ConversationSettings settings;
    private final ReplyMetrics metrics;

    public ReplyToCaller(ConversationJournal journal, LlmCaller llm, ConversationSettings settings,
            ReplyMetrics metrics) {
        this.journal = journal;
        this.llm = llm;
        this.settings = settings;
        this.metrics = metrics;
    }

    public ReplyResult reply(ReplyCommand command) {
        String callerText = TurnInput.callerText(command);
        TurnStart turn = journal.beginTurn(command, callerText);
        if (turn.alreadyAnswered()) {
            return toResult(turn.storedReply());
        }
        String transferNumber = turn.agent().transferNumber();
        LlmPrompt prompt = PromptBuilder.build(turn.agent().instructions(), CallContext.of(turn.conversation()),
                turn.history(), turn.utterance(), settings.historyMaxMessages(), turn.agent().llm(),
                CallTool.offeredBy(transferNumber));
        metrics.beforeLlm("reply", command.receivedNanos());
        LlmCaller.Outcome outcome = llm.complete(prompt);
        ReplyEnding ending = outcome.ok() ? ReplyEnding.of(outcome.text(), outcome.tool(), transferNumber)
                : new ReplyEnding(FallbackReply.TEXT, MessageOutcome.FALLBACK, null);
        Message stored = journal.recordReply(turn.conversation().id(), command.turnId(), ending.text(),
                ending.outcome(), outcome.latencyMs(), ending.transferTo(), null);
        return toResult(stored);
    }

    private static ReplyResult toResult(Message message) {
        return new ReplyResult(message.text(), message.outcome(),
                message.llmLatencyMs() == null ? 0 : message.llmLatencyMs(), message.id(), message.transferTo());
    }
}
