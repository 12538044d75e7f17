package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.support.TestApi.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.voiceagents.outbound.application.OutboundCallEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/** Campaign test helpers: request bodies, SQL reads of the tables, and the dialer's side of a call's end. */
@ApplicationScoped
public class CampaignTestSupport {

    @Inject
    DataSource dataSource;

    @Inject
    Event<OutboundCallEnded> callEnded;

    /** A Wednesday noon UTC a few days ahead: inside the weekday 09:00-18:00 UTC window, after every real "now". */
    public static Instant openWednesdayNoon() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(2).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY))
                .atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    /** A campaign body with office hours in UTC, one concurrent call, 1 CPS, no retries and no contacts. */
    public static Map<String, Object> body(UUID agentId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Spring renewals");
        body.put("agentId", agentId.toString());
        body.put("window", Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI"), "start", "09:00",
                "end", "18:00", "timeZone", "UTC"));
        body.put("maxConcurrentCalls", 1);
        body.put("callsPerSecond", 1);
        return body;
    }

    public static List<Map<String, Object>> contacts(String... numbers) {
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (String number : numbers) {
            contacts.add(Map.of("number", number));
        }
        return contacts;
    }

    /** Numbers +1415555xxxx unique to one test run. */
    public static String[] numbers(int count) {
        String[] numbers = new String[count];
        int base = (int) (Math.random() * 9000);
        for (int i = 0; i < count; i++) {
            numbers[i] = String.format("+1415%07d", base * 100 + i);
        }
        return numbers;
    }

    @SuppressWarnings("unchecked")
    public static String[] numbersOf(Map<String, Object> body) {
        return ((List<Map<String, Object>>) body.get("contacts")).stream().map(c -> (String) c.get("number"))
                .toArray(String[]::new);
    }

    public static UUID create(Map<String, Object> body) {
        return UUID.fromString(given().contentType(ContentType.JSON).body(body).post("/api/campaigns")
                .then().statusCode(201).extract().path("campaign.id"));
    }

    public static void action(UUID campaignId, String action, int expectedStatus) {
        given().post("/api/campaigns/" + campaignId + "/" + action).then().statusCode(expectedStatus);
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... params) {
        return ((Number) rows(sql, params).getFirst().values().iterator().next()).longValue();
    }

    public int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The campaign's calls, oldest first. */
    public List<Map<String, Object>> calls(UUID campaignId) {
        return rows("select * from outbound.outbound_calls where campaign_id = ? order by created_at, attempt, id",
                campaignId);
    }

    public long queuedCalls(UUID campaignId) {
        return count("select count(*) from outbound.outbound_calls where campaign_id = ? and status = 'queued'",
                campaignId);
    }

    public Map<String, Object> contact(UUID contactId) {
        return rows("select * from outbound.campaign_contacts where id = ?", contactId).getFirst();
    }

    /** Event types appended to the outbox for a campaign, oldest first. */
    public List<String> campaignEvents(UUID campaignId) {
        return rows("select payload->>'type' as type from outbound.event_outbox where topic = ? and event_key = ? "
                + "order by id", "voiceagents.campaigns.v1", campaignId.toString())
                .stream().map(r -> (String) r.get("type")).toList();
    }

    /**
     * What the dialer half does when a call reaches a final status: the row moves to it and OutboundCallEnded is
     * fired in the same transaction.
     */
    public void endCall(Map<String, Object> call, String status, String answeredBy, String callSid) {
        UUID callId = (UUID) call.get("id");
        QuarkusTransaction.requiringNew().run(() -> {
            update("update outbound.outbound_calls set status = ?, status_rank = 4, answered_by = ?, "
                    + "twilio_call_sid = ?, ended_at = now(), updated_at = now() where id = ?", status, answeredBy,
                    callSid, callId);
            callEnded.fire(new OutboundCallEnded(callId, (UUID) call.get("campaign_id"), (UUID) call.get("contact_id"),
                    (Integer) call.get("attempt"), status, answeredBy, callSid, null));
        });
    }

    public void fireInTransaction(OutboundCallEnded event) {
        QuarkusTransaction.requiringNew().run(() -> callEnded.fire(event));
    }

    public static String newCallSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }
}
