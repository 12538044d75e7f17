package io.voiceagents.gateway.support.stream;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.Turn;

/** Turns kept in memory, unique per (call, index) like the real table. */
public final class InMemoryTurns implements TurnRepository {

    private final Map<String, Turn> turns = new ConcurrentHashMap<>();

    @Override
    public Optional<Turn> lastTurn(String callSid) {
        return listForCall(callSid).stream().reduce((a, b) -> b);
    }

    @Override
    public Optional<Turn> find(String callSid, int turnIndex) {
        return Optional.ofNullable(turns.get(callSid + ":" + turnIndex));
    }

    @Override
    public boolean insertIfAbsent(Turn turn) {
        return turns.putIfAbsent(turn.callSid() + ":" + turn.turnIndex(), turn) == null;
    }

    @Override
    public boolean markInterrupted(String callSid, int turnIndex, String heardText) {
        Turn[] changed = new Turn[1];
        turns.computeIfPresent(callSid + ":" + turnIndex, (key, t) -> changed[0] = new Turn(t.callSid(), t.turnIndex(),
                t.callerText(), t.confidence(), heardText, t.outcome(), t.llmLatencyMs(), t.ttsLatencyMs(),
                t.ttsFallback(), t.totalLatencyMs(), t.createdAt(), t.idempotencyToken(), true, t.ledger()));
        return changed[0] != null;
    }

    @Override
    public List<Turn> listForCall(String callSid) {
        return turns.values().stream().filter(t -> t.callSid().equals(callSid))
                .sorted(Comparator.comparingInt(Turn::turnIndex)).toList();
    }
}
