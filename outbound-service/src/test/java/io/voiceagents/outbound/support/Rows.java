package io.voiceagents.outbound.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

/** Direct access to outbound.outbound_calls, for states the API cannot produce on demand (a crashed replica's row). */
public final class Rows {

    private final DataSource dataSource;

    public Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts a call; {@code extraColumns} is a SQL fragment of "column = value" assignments applied afterwards, e.g.
     * {@code "status = 'dialing', status_rank = 1, dial_started_at = now() - interval '1 minute'"}.
     */
    public UUID insert(String tenant, String to, String from, String extraColumns) {
        UUID id = UUID.randomUUID();
        // Inserted not yet due, so the dialer cannot claim the row before the extra columns are set; then due now
        // unless the extra columns say otherwise (the column's default).
        execute("insert into outbound.outbound_calls (id, tenant, agent_id, to_number, from_number, status, next_dial_at) "
                + "values ('" + id + "', '" + tenant + "', '" + FakeAgentService.AGENT + "', '" + to + "', '" + from
                + "', 'queued', 'infinity')");
        String extra = extraColumns == null || extraColumns.isBlank() ? "" : extraColumns;
        String due = extra.contains("next_dial_at") ? "" : "next_dial_at = now()";
        String set = extra.isEmpty() ? due : due.isEmpty() ? extra : extra + ", " + due;
        execute("update outbound.outbound_calls set " + set + " where id = '" + id + "'");
        return id;
    }

    /**
     * Ends every unfinished call of a tenant: the emulator never ends the calls it created, and a later test must
     * not find the tenant's concurrency used up.
     */
    public void endAll(String tenant) {
        execute("update outbound.outbound_calls set status = 'completed', status_rank = 4, "
                + "created_at = created_at - interval '2 minutes' where tenant = '" + tenant + "' and status_rank < 4");
    }

    public void update(UUID id, String assignments) {
        execute("update outbound.outbound_calls set " + assignments + " where id = '" + id + "'");
    }

    /** The row's columns as text. */
    public Map<String, String> row(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select * from outbound.outbound_calls where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, String> row = new HashMap<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String status(UUID id) {
        return row(id).get("status");
    }

    public long count(String sql) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
