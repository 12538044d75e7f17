package io.voiceagents.outbound.infra.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.outbound.application.port.EventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Writes events into outbound.event_outbox with the caller's connection, so they commit or roll back with the
 * change they describe. {@code MANDATORY}: an event written outside a transaction could announce something
 * that never happened.
 */
@ApplicationScoped
public class JdbcEventOutbox implements EventOutbox {

    private final DataSource dataSource;
    private final ObjectMapper json;

    public JdbcEventOutbox(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, Object event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.getClass().getSimpleName() + " cannot be written as JSON", e);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into outbound.event_outbox (topic, event_key, payload) values (?, ?, ?::jsonb)")) {
            insert.setString(1, topic);
            insert.setString(2, key);
            insert.setString(3, payload);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the " + topic + " event for " + key + " to the outbox", e);
        }
    }
}
