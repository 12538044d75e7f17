package io.voiceagents.agent.infra.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import io.voiceagents.agent.application.port.TurnLookup;
import io.voiceagents.agent.application.port.TurnSnapshot;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.ConversationStatus;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.MessageRole;

/**
 * The turn read in plain JDBC, in auto-commit: one statement is one round trip, where a transaction through
 * Hibernate costs a BEGIN, one statement per entity query and a COMMIT, plus the session around them. One
 * statement also reads one snapshot, so the conversation, the turn's messages and the history agree.
 *
 * <p>The result has one row per message: the turn's own messages (part 1) and the history (part 2), each with the
 * conversation's columns and its agent's version; a conversation without either gives one row with no message.
 */
@ApplicationScoped
public class JdbcTurnLookup implements TurnLookup {

    private static final String MESSAGE_COLUMNS = "%1$s.id, %1$s.seq, %1$s.role, %1$s.text, %1$s.created_at, "
            + "%1$s.llm_latency_ms, %1$s.outcome, %1$s.turn_id, %1$s.interrupted, %1$s.generated_text, "
            + "%1$s.transfer_to";
    private static final int TURN_PART = 1;
    private static final String FIND_TURN = "SELECT c.id, c.agent_id, c.from_number, c.to_number, c.direction, "
            + "c.metadata, c.status, c.final_status, c.started_at, c.ended_at, a.version, m.* "
            + "FROM agent.conversations c JOIN agent.agents a ON a.id = c.agent_id "
            + "LEFT JOIN LATERAL ("
            + "SELECT " + TURN_PART + " AS part, " + MESSAGE_COLUMNS.formatted("t") + " FROM agent.messages t "
            + "WHERE t.conversation_id = c.id AND t.turn_id = ? "
            + "UNION ALL "
            + "(SELECT 2, " + MESSAGE_COLUMNS.formatted("h") + " FROM agent.messages h "
            + "WHERE h.conversation_id = c.id AND h.seq < COALESCE((SELECT u.seq FROM agent.messages u "
            + "WHERE u.conversation_id = c.id AND u.role = 'user' AND u.turn_id = ?), 2147483647) "
            + "ORDER BY h.seq DESC LIMIT ?)"
            + ") m ON TRUE "
            + "WHERE c.call_sid = ?";

    private final DataSource dataSource;

    public JdbcTurnLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<TurnSnapshot> find(String callSid, String turnId, int historyMessages) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(FIND_TURN)) {
            if (turnId == null) {
                statement.setNull(1, Types.VARCHAR);
                statement.setNull(2, Types.VARCHAR);
            } else {
                statement.setString(1, turnId);
                statement.setString(2, turnId);
            }
            statement.setInt(3, Math.max(0, historyMessages));
            statement.setString(4, callSid);
            try (ResultSet rows = statement.executeQuery()) {
                return read(callSid, rows);
            }
        } catch (SQLException e) {
            throw new PersistenceException("reading turn " + turnId + " of call " + callSid + " failed", e);
        }
    }

    private static Optional<TurnSnapshot> read(String callSid, ResultSet rows) throws SQLException {
        Conversation conversation = null;
        long agentVersion = 0;
        Message callerMessage = null;
        Message reply = null;
        List<Message> newestFirst = new ArrayList<>();
        while (rows.next()) {
            if (conversation == null) {
                conversation = new Conversation(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), callSid,
                        rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                        ConversationStatus.valueOf(rows.getString(7).toUpperCase(Locale.ROOT)), rows.getString(8),
                        instant(rows, 9), instant(rows, 10));
                agentVersion = rows.getLong(11);
            }
            int part = rows.getInt(12);
            if (rows.wasNull()) {
                continue;
            }
            Message message = message(conversation.id(), rows, 13);
            if (part != TURN_PART) {
                newestFirst.add(message);
            } else if (message.role() == MessageRole.USER) {
                callerMessage = message;
            } else {
                reply = message;
            }
        }
        if (conversation == null) {
            return Optional.empty();
        }
        Collections.reverse(newestFirst);
        return Optional.of(new TurnSnapshot(conversation, agentVersion, callerMessage, reply, newestFirst));
    }

    /** The message columns from {@code first} on, in {@link #MESSAGE_COLUMNS} order. */
    private static Message message(UUID conversationId, ResultSet rows, int first) throws SQLException {
        int i = first;
        UUID id = rows.getObject(i++, UUID.class);
        int seq = rows.getInt(i++);
        MessageRole role = MessageRole.valueOf(rows.getString(i++).toUpperCase(Locale.ROOT));
        String text = rows.getString(i++);
        Instant createdAt = instant(rows, i++);
        long latency = rows.getLong(i++);
        Long llmLatencyMs = rows.wasNull() ? null : latency;
        String outcome = rows.getString(i++);
        String turnId = rows.getString(i++);
        boolean interrupted = rows.getBoolean(i++);
        String generatedText = rows.getString(i++);
        String transferTo = rows.getString(i);
        return new Message(id, conversationId, seq, role, text, createdAt, llmLatencyMs,
                outcome == null ? null : MessageOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)), turnId, interrupted,
                generatedText, transferTo);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
