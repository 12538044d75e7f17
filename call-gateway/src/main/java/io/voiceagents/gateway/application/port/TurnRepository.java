package io.voiceagents.gateway.application.port;

import java.util.List;
import java.util.Optional;

import io.voiceagents.gateway.domain.Turn;

/** The turns of calls, unique per (call SID, turn index). */
public interface TurnRepository {

    /** The turn with the highest index (the greeting is 0), empty when none was stored. */
    Optional<Turn> lastTurn(String callSid);

    Optional<Turn> find(String callSid, int turnIndex);

    /** Stores the turn unless that index exists already; true when stored by this call. */
    boolean insertIfAbsent(Turn turn);

    /**
     * The caller interrupted the agent's reply of this turn: its agent text becomes {@code heardText} (what was
     * actually spoken) and it is marked interrupted. Idempotent; false when there is no such turn or it was
     * already marked.
     */
    boolean markInterrupted(String callSid, int turnIndex, String heardText);

    /** All turns of a call in order, greeting first. */
    List<Turn> listForCall(String callSid);
}
