package io.voiceagents.gateway.infra.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Sort;
import io.voiceagents.gateway.application.port.TurnRepository;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.Turn;

/** Turns in Postgres; the (call_sid, turn_index) key turns a duplicate insert into a no-op. */
@ApplicationScoped
public class PostgresTurnRepository implements TurnRepository {

    private static final String INSERT_TURN = "INSERT INTO gateway.call_turns (call_sid, turn_index, caller_text, "
            + "confidence, agent_text, outcome, llm_latency_ms, tts_latency_ms, tts_fallback, total_latency_ms, "
            + "idempotency_token, created_at, interrupted, endpointing_ms, stt_final_ms, llm_first_token_ms, "
            + "tts_first_byte_ms, first_audio_ms, server_added_ms) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (call_sid, turn_index) DO NOTHING";
    /** Once only: a second interruption report of the same turn (a retry) changes nothing. */
    private static final String MARK_INTERRUPTED = "UPDATE gateway.call_turns SET agent_text = ?, interrupted = TRUE "
            + "WHERE call_sid = ? AND turn_index = ? AND NOT interrupted";

    private final DataSource dataSource;

    @Inject
    public PostgresTurnRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    @Transactional
    public Optional<Turn> lastTurn(String callSid) {
        return CallTurnEntity.<CallTurnEntity>find("callSid", Sort.descending("turnIndex"), callSid)
                .firstResultOptional()
                .map(CallTurnEntity::asDomain);
    }

    @Override
    @Transactional
    public Optional<Turn> find(String callSid, int turnIndex) {
        return CallTurnEntity.<CallTurnEntity>findByIdOptional(new CallTurnEntity.Key(callSid, turnIndex))
                .map(CallTurnEntity::asDomain);
    }

    @Override
    @Transactional
    public boolean insertIfAbsent(Turn turn) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_TURN)) {
            int i = 1;
            ps.setString(i++, turn.callSid());
            ps.setInt(i++, turn.turnIndex());
            Jdbc.setString(ps, i++, turn.callerText());
            Jdbc.setFloat(ps, i++, turn.confidence());
            ps.setString(i++, turn.agentText());
            ps.setString(i++, turn.outcome().name());
            Jdbc.setLong(ps, i++, turn.llmLatencyMs());
            Jdbc.setLong(ps, i++, turn.ttsLatencyMs());
            ps.setBoolean(i++, turn.ttsFallback());
            ps.setLong(i++, turn.totalLatencyMs());
            Jdbc.setString(ps, i++, turn.idempotencyToken());
            Jdbc.setInstant(ps, i++, turn.createdAt());
            ps.setBoolean(i++, turn.interrupted());
            LatencyLedger ledger = turn.ledger();
            Jdbc.setLong(ps, i++, ledger == null ? null : ledger.endpointingMs());
            Jdbc.setLong(ps, i++, ledger == null ? null : ledger.sttFinalMs());
            Jdbc.setLong(ps, i++, ledger == null ? null : ledger.llmFirstTokenMs());
            Jdbc.setLong(ps, i++, ledger == null ? null : ledger.ttsFirstByteMs());
            Jdbc.setLong(ps, i++, ledger == null ? null : ledger.firstAudioMs());
            Jdbc.setLong(ps, i, ledger == null ? null : ledger.serverAddedMs());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("storing turn " + turn.turnIndex() + " of call " + turn.callSid() + " failed", e);
        }
    }

    @Override
    @Transactional
    public boolean markInterrupted(String callSid, int turnIndex, String heardText) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MARK_INTERRUPTED)) {
            ps.setString(1, heardText == null ? "" : heardText);
            ps.setString(2, callSid);
            ps.setInt(3, turnIndex);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("marking turn " + turnIndex + " of call " + callSid + " interrupted failed", e);
        }
    }

    @Override
    @Transactional
    public List<Turn> listForCall(String callSid) {
        return CallTurnEntity.<CallTurnEntity>list("callSid", Sort.ascending("turnIndex"), callSid).stream()
                .map(CallTurnEntity::asDomain)
                .toList();
    }
}
