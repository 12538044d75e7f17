package io.voiceagents.outbound.infra.persistence;

import static io.voiceagents.outbound.infra.persistence.Jdbc.instant;
import static io.voiceagents.outbound.infra.persistence.Jdbc.timestamp;
import static io.voiceagents.outbound.infra.persistence.Jdbc.uuid;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.voiceagents.outbound.application.port.CampaignContactRepository;
import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.domain.campaign.CampaignContact;
import io.voiceagents.outbound.domain.campaign.ContactStatus;
import io.voiceagents.outbound.domain.campaign.ValidContact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** outbound.campaign_contacts over JDBC. An upload of thousands of rows is one insert from arrays (unnest). */
@ApplicationScoped
public class CampaignContactJdbcRepository implements CampaignContactRepository {

    private static final String ACTIVE = "('pending', 'calling', 'waiting-retry')";

    private final Jdbc jdbc;

    public CampaignContactJdbcRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Set<String> existingNumbers(UUID campaignId, Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return Set.of();
        }
        return jdbc.withConnection("look up contact numbers", connection -> {
            try (var statement = connection.prepareStatement(
                    "select phone_number from campaign_contacts where campaign_id = ? and phone_number = any(?)")) {
                statement.setObject(1, campaignId);
                statement.setArray(2, connection.createArrayOf("varchar", numbers.toArray()));
                Set<String> found = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public int maxRowNumber(UUID campaignId) {
        return jdbc.queryOne("read row numbers", "select coalesce(max(row_number), 0) from campaign_contacts "
                + "where campaign_id = ?", st -> st.setObject(1, campaignId), row -> row.getInt(1)).orElse(0);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int insert(UUID campaignId, int rowOffset, List<ValidContact> contacts) {
        if (contacts.isEmpty()) {
            return 0;
        }
        int size = contacts.size();
        UUID[] ids = new UUID[size];
        Integer[] rows = new Integer[size];
        String[] numbers = new String[size];
        String[] names = new String[size];
        String[] metadata = new String[size];
        for (int i = 0; i < size; i++) {
            ValidContact contact = contacts.get(i);
            ids[i] = UUID.randomUUID();
            rows[i] = rowOffset + contact.row();
            numbers[i] = contact.number().value();
            names[i] = contact.name();
            metadata[i] = contact.metadataJson();
        }
        return jdbc.withConnection("store contacts", connection -> {
            try (var statement = connection.prepareStatement("""
                    insert into campaign_contacts (id, campaign_id, row_number, phone_number, name, metadata)
                    select u.id, ?, u.row_number, u.phone_number, u.name, u.metadata::jsonb
                    from unnest(?::uuid[], ?::int[], ?::varchar[], ?::varchar[], ?::text[])
                        as u(id, row_number, phone_number, name, metadata)
                    on conflict (campaign_id, phone_number) do nothing""")) {
                statement.setObject(1, campaignId);
                statement.setArray(2, connection.createArrayOf("uuid", ids));
                statement.setArray(3, connection.createArrayOf("int4", rows));
                statement.setArray(4, connection.createArrayOf("varchar", numbers));
                statement.setArray(5, connection.createArrayOf("varchar", names));
                statement.setArray(6, connection.createArrayOf("text", metadata));
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public long count(UUID campaignId) {
        return jdbc.queryOne("count contacts", "select count(*) from campaign_contacts where campaign_id = ?",
                st -> st.setObject(1, campaignId), row -> row.getLong(1)).orElse(0L);
    }

    @Override
    public boolean anyActive(UUID campaignId) {
        return jdbc.queryOne("look for active contacts", "select exists (select 1 from campaign_contacts "
                        + "where campaign_id = ? and status in " + ACTIVE + ")",
                st -> st.setObject(1, campaignId), row -> row.getBoolean(1)).orElse(false);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<DueContact> lockDue(UUID campaignId, Instant now, int limit) {
        return jdbc.query("take due contacts", """
                select id, phone_number, name, attempts from campaign_contacts
                where campaign_id = ? and status in ('pending', 'waiting-retry') and next_attempt_at <= ?
                order by next_attempt_at, row_number limit ? for update skip locked""", st -> {
            st.setObject(1, campaignId);
            st.setObject(2, timestamp(now));
            st.setInt(3, limit);
        }, row -> new DueContact(uuid(row, "id"), row.getString("phone_number"), row.getString("name"),
                row.getInt("attempts")));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void markCalling(UUID contactId, int attempt, UUID callId) {
        jdbc.update("mark contact calling", """
                update campaign_contacts set status = 'calling', attempts = ?, last_call_id = ?, updated_at = now()
                where id = ?""", st -> {
            st.setInt(1, attempt);
            st.setObject(2, callId);
            st.setObject(3, contactId);
        });
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ContactState> lockForOutcome(UUID contactId) {
        return jdbc.queryOne("lock contact", "select id, status, attempts, last_call_id from campaign_contacts "
                + "where id = ? for update", st -> st.setObject(1, contactId), row -> new ContactState(uuid(row, "id"),
                status(row.getString("status")), row.getInt("attempts"), uuid(row, "last_call_id")));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOutcome(UUID contactId, ContactStatus status, String outcome, String answeredBy, String callSid,
            Instant nextAttemptAt) {
        jdbc.update("record call outcome", """
                update campaign_contacts set status = ?, last_outcome = ?, last_answered_by = ?,
                    call_sids = case when cast(? as text) is null then call_sids
                                     else array_append(call_sids, cast(? as text)) end,
                    next_attempt_at = coalesce(?, next_attempt_at), updated_at = now()
                where id = ?""", st -> {
            st.setString(1, status.wireName());
            st.setString(2, outcome);
            st.setString(3, answeredBy);
            st.setString(4, callSid);
            st.setString(5, callSid);
            st.setObject(6, timestamp(nextAttemptAt));
            st.setObject(7, contactId);
        });
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int cancelWaiting(UUID campaignId) {
        return jdbc.update("cancel waiting contacts", """
                update campaign_contacts set status = 'canceled', updated_at = now()
                where campaign_id = ? and status in ('pending', 'waiting-retry')""", st -> st.setObject(1, campaignId));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancelCalling(Collection<UUID> contactIds) {
        if (contactIds.isEmpty()) {
            return;
        }
        jdbc.withConnection("cancel calling contacts", connection -> {
            try (var statement = connection.prepareStatement("""
                    update campaign_contacts set status = 'canceled', last_outcome = 'canceled', updated_at = now()
                    where id = any(?) and status = 'calling'""")) {
                statement.setArray(1, connection.createArrayOf("uuid", contactIds.toArray()));
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public Page<CampaignContact> page(UUID campaignId, ContactStatus status, int page, int size) {
        String filter = " where campaign_id = ?" + (status == null ? "" : " and status = ?");
        Jdbc.Binder bindFilter = st -> {
            st.setObject(1, campaignId);
            if (status != null) {
                st.setString(2, status.wireName());
            }
        };
        long total = jdbc.queryOne("count contacts", "select count(*) from campaign_contacts" + filter, bindFilter,
                row -> row.getLong(1)).orElse(0L);
        int next = status == null ? 2 : 3;
        List<CampaignContact> items = jdbc.query("list contacts", """
                select id, campaign_id, row_number, phone_number, name, metadata::text as metadata, status, attempts,
                       call_sids, last_outcome, last_answered_by, last_call_id, next_attempt_at, updated_at
                from campaign_contacts""" + filter + " order by row_number limit ? offset ?", st -> {
            bindFilter.bind(st);
            st.setInt(next, size);
            st.setLong(next + 1, (long) page * size);
        }, CampaignContactJdbcRepository::contact);
        return new Page<>(items, page, size, total);
    }

    private static CampaignContact contact(ResultSet row) throws SQLException {
        ContactStatus status = status(row.getString("status"));
        Array sids = row.getArray("call_sids");
        List<String> callSids = sids == null ? List.of() : List.of((String[]) sids.getArray());
        boolean due = status == ContactStatus.PENDING || status == ContactStatus.WAITING_RETRY;
        return new CampaignContact(uuid(row, "id"), uuid(row, "campaign_id"), row.getInt("row_number"),
                row.getString("phone_number"), row.getString("name"), row.getString("metadata"), status,
                row.getInt("attempts"), callSids, row.getString("last_outcome"), row.getString("last_answered_by"),
                uuid(row, "last_call_id"), due ? instant(row, "next_attempt_at") : null, instant(row, "updated_at"));
    }

    private static ContactStatus status(String value) {
        return ContactStatus.fromWire(value)
                .orElseThrow(() -> new IllegalStateException("unknown contact status " + value));
    }
}
