package io.voiceagents.outbound.infra.persistence;

import static io.voiceagents.outbound.infra.persistence.Jdbc.uuid;
import static io.voiceagents.outbound.infra.persistence.OutboundCallRows.columns;

import java.sql.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.voiceagents.outbound.application.port.CampaignCallQueue;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Campaign rows of outbound.outbound_calls, written with plain SQL next to the dialer's own statements. */
@ApplicationScoped
public class CampaignCallQueueJdbc implements CampaignCallQueue {

    /**
     * The call copies the campaign's agent, caller ID, message and tenant and the contact's number. Its metadata is
     * the campaign's metadata with the contact's metadata merged over it (the contact's keys win) and the contact's
     * name as "contactName". ON CONFLICT: the contact already has a call for this attempt, never a second one.
     */
    private static final String QUEUE = """
            insert into outbound_calls (id, agent_id, to_number, from_number, status, status_rank, tenant,
                campaign_id, contact_id, attempt, initial_message, metadata, machine_detection, next_dial_at,
                created_at, updated_at)
            select ?, c.agent_id, cc.phone_number, c.from_number, 'queued', 0, c.tenant, c.id, cc.id, ?,
                c.initial_message,
                nullif(coalesce(c.metadata, '{}'::jsonb) || coalesce(cc.metadata, '{}'::jsonb)
                    || case when cc.name is null then '{}'::jsonb else jsonb_build_object('contactName', cc.name) end,
                    '{}'::jsonb),
                ?, now(), now(), now()
            from campaign_contacts cc join campaigns c on c.id = cc.campaign_id
            where cc.id = ?
            on conflict (contact_id, attempt) where contact_id is not null do nothing""";

    private final Jdbc jdbc;

    public CampaignCallQueueJdbc(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public int activeCalls(UUID campaignId) {
        return jdbc.queryOne("count active campaign calls", "select count(*) from outbound_calls "
                        + "where campaign_id = ? and status_rank < 4", st -> st.setObject(1, campaignId),
                row -> row.getInt(1)).orElse(0);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Optional<OutboundCall>> queue(List<CallToQueue> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return jdbc.withConnection("queue campaign calls", connection -> {
            List<UUID> insertedIds = new ArrayList<>();
            try (var statement = connection.prepareStatement(QUEUE)) {
                for (CallToQueue call : calls) {
                    statement.setObject(1, call.callId());
                    statement.setInt(2, call.attempt());
                    statement.setString(3, call.machineDetection());
                    statement.setObject(4, call.contactId());
                    statement.addBatch();
                }
                int[] counts = statement.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        insertedIds.add(calls.get(i).callId());
                    }
                }
            }
            // the rows as stored (to/from/message copied from the campaign and contact): the QUEUED events need them
            Map<UUID, OutboundCall> inserted = new HashMap<>();
            if (!insertedIds.isEmpty()) {
                Array ids = connection.createArrayOf("uuid", insertedIds.toArray());
                try (var select = connection.prepareStatement("select " + columns("") + " from outbound_calls "
                        + "where id = any(?)")) {
                    select.setArray(1, ids);
                    try (var rows = select.executeQuery()) {
                        while (rows.next()) {
                            OutboundCall call = OutboundCallRows.map(rows);
                            inserted.put(call.id(), call);
                        }
                    }
                } finally {
                    ids.free();
                }
            }
            return calls.stream().map(call -> Optional.ofNullable(inserted.get(call.callId()))).toList();
        });
    }

    @Override
    public Optional<ExistingCall> find(UUID contactId, int attempt) {
        return jdbc.queryOne("find campaign call", "select id, status, answered_by, twilio_call_sid from outbound_calls "
                + "where contact_id = ? and attempt = ?", st -> {
                    st.setObject(1, contactId);
                    st.setInt(2, attempt);
                }, row -> new ExistingCall(uuid(row, "id"), row.getString("status"), row.getString("answered_by"),
                        row.getString("twilio_call_sid")));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<OutboundCall> cancelQueued(UUID campaignId) {
        // skip locked: a row the dialer holds is being claimed; it will be dialed and its end recorded as usual
        return jdbc.query("cancel queued campaign calls", """
                update outbound_calls
                set status = 'canceled', status_rank = 4, ended_at = now(), updated_at = now(), version = version + 1,
                    failure_reason = 'canceled with its campaign'
                where id in (select id from outbound_calls where campaign_id = ? and status = 'queued'
                             for update skip locked)
                  and status = 'queued'
                returning\s""" + columns(""), st -> st.setObject(1, campaignId), OutboundCallRows::map);
    }
}
