package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.action;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.contacts;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.newCallSid;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static io.voiceagents.outbound.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.voiceagents.outbound.application.campaign.CampaignScheduler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * How a call's end (OutboundCallEnded, fired as the dialer half fires it) moves its contact and the campaign:
 * retries per policy, final outcomes, duplicates, completion.
 */
@QuarkusTest
@TestProfile(CampaignTestProfile.class)
class CampaignOutcomeTest {

    @Inject
    CampaignTestSupport db;

    @Inject
    CampaignScheduler scheduler;

    private final Instant wednesdayNoon = CampaignTestSupport.openWednesdayNoon();

    @Test
    void busyIsRetriedAfterTheDelayUntilTheAttemptsAreUsed() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("window", Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), "start", "00:00",
                "end", "24:00", "timeZone", "UTC"));
        body.put("retry", Map.of("on", List.of("busy"), "maxAttempts", 2, "delaySeconds", 3600));
        body.put("contacts", contacts("+14155551601"));
        UUID id = create(body);
        action(id, "start", 200);
        scheduler.tick(id, Instant.now());
        Map<String, Object> first = db.calls(id).getFirst();
        UUID contactId = (UUID) first.get("contact_id");
        String sid1 = newCallSid();

        Instant ended = Instant.now();
        db.endCall(first, "busy", null, sid1);

        Map<String, Object> waiting = db.contact(contactId);
        assertThat(waiting.get("status")).isEqualTo("waiting-retry");
        assertThat(waiting.get("last_outcome")).isEqualTo("busy");
        Instant next = ((Timestamp) waiting.get("next_attempt_at")).toInstant();
        assertThat(Duration.between(ended, next).toSeconds()).isCloseTo(3600, within(5L));
        given().get("/api/campaigns/" + id + "/contacts").then()
                .body("items[0].status", equalTo("waiting-retry"))
                .body("items[0].callSids", org.hamcrest.Matchers.contains(sid1))
                .body("items[0].nextAttemptAt", notNullValue());

        // not before the delay
        assertThat(scheduler.tick(id, next.minusSeconds(60))).isZero();
        assertThat(scheduler.tick(id, next.plusSeconds(1))).isEqualTo(1);
        List<Map<String, Object>> calls = db.calls(id);
        assertThat(calls).extracting(c -> c.get("attempt")).containsExactly(1, 2);
        assertThat(db.contact(contactId).get("status")).isEqualTo("calling");

        String sid2 = newCallSid();
        db.endCall(calls.get(1), "busy", null, sid2);
        JsonPath contact = given().get("/api/campaigns/" + id + "/contacts").then().extract().jsonPath();
        assertThat(contact.getString("items[0].status")).isEqualTo("failed");
        assertThat(contact.getInt("items[0].attempts")).isEqualTo(2);
        assertThat(contact.getList("items[0].callSids")).containsExactly(sid1, sid2);
        assertThat(contact.getString("items[0].lastOutcome")).isEqualTo("busy");
        assertThat(contact.getString("items[0].nextAttemptAt")).isNull();
        // the last contact is done: the campaign completes with the outcome
        given().get("/api/campaigns/" + id).then().body("status", equalTo("completed"))
                .body("counts.failed", equalTo(1)).body("outcomes.busy", equalTo(1))
                .body("progressPercent", equalTo(100.0f)).body("endedAt", notNullValue());
        assertThat(db.campaignEvents(id)).containsExactly("CREATED", "STARTED", "COMPLETED");
    }

    @Test
    void outcomesNotInTheRetryListAreFinalAndAnswersAreCounted() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("maxConcurrentCalls", 4);
        body.put("callsPerSecond", 1);
        body.put("retry", Map.of("on", List.of("busy"), "maxAttempts", 3, "delaySeconds", 60));
        String[] numbers = CampaignTestSupport.numbers(4);
        body.put("contacts", contacts(numbers));
        UUID id = create(body);
        action(id, "start", 200);
        for (int second = 0; second < 4; second++) {
            scheduler.tick(id, wednesdayNoon.plusSeconds(second));
        }
        List<Map<String, Object>> calls = db.calls(id);
        assertThat(calls).hasSize(4);

        db.endCall(calls.get(0), "no-answer", null, newCallSid());
        db.endCall(calls.get(1), "completed", "machine_end_beep", newCallSid());
        db.endCall(calls.get(2), "completed", "human", newCallSid());
        given().get("/api/campaigns/" + id).then().body("status", equalTo("running"))
                .body("counts.failed", equalTo(1)).body("counts.completed", equalTo(2))
                .body("counts.calling", equalTo(1)).body("outcomes.noAnswer", equalTo(1))
                .body("outcomes.completed", equalTo(2)).body("outcomes.answeredByMachine", equalTo(1))
                .body("outcomes.answeredByHuman", equalTo(1)).body("progressPercent", equalTo(75.0f));

        db.endCall(calls.get(3), "canceled", null, null);
        given().get("/api/campaigns/" + id).then().body("status", equalTo("completed"))
                .body("counts.canceled", equalTo(1)).body("outcomes.canceled", equalTo(1));
        given().queryParam("status", "completed").get("/api/campaigns/" + id + "/contacts").then()
                .body("items.lastAnsweredBy", org.hamcrest.Matchers.containsInAnyOrder("machine_end_beep", "human"));
    }

    @Test
    void aRepeatedEndOrOneForAnOlderCallChangesNothing() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("retry", Map.of("on", List.of("failed"), "maxAttempts", 3, "delaySeconds", 0));
        body.put("contacts", contacts("+14155551701"));
        UUID id = create(body);
        action(id, "start", 200);
        scheduler.tick(id, wednesdayNoon);
        Map<String, Object> call = db.calls(id).getFirst();
        UUID contactId = (UUID) call.get("contact_id");
        String sid = newCallSid();
        db.endCall(call, "failed", null, sid);
        db.endCall(call, "failed", null, sid);
        Map<String, Object> contact = db.contact(contactId);
        assertThat(contact.get("status")).isEqualTo("waiting-retry");
        assertThat(db.rows("select array_length(call_sids, 1) as n from outbound.campaign_contacts where id = ?",
                contactId).getFirst().get("n")).isEqualTo(1);

        // the retry is on the line; a late duplicate of the first call's end must not touch it
        scheduler.tick(id, wednesdayNoon.plusSeconds(1));
        Map<String, Object> retry = db.rows("select * from outbound.outbound_calls where contact_id = ? "
                + "and attempt = 2", contactId).getFirst();
        db.endCall(call, "failed", null, sid);
        contact = db.contact(contactId);
        assertThat(contact.get("status")).isEqualTo("calling");
        assertThat(contact.get("last_call_id")).isEqualTo(retry.get("id"));
    }

    @Test
    void pausedCampaignsCompleteOnlyOnceResumed() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155551801"));
        UUID id = create(body);
        action(id, "start", 200);
        scheduler.tick(id, wednesdayNoon);
        action(id, "pause", 200);
        db.endCall(db.calls(id).getFirst(), "completed", "human", newCallSid());
        given().get("/api/campaigns/" + id).then().body("status", equalTo("paused"))
                .body("counts.completed", equalTo(1));
        action(id, "resume", 200);
        // nothing left to call: the next tick completes it
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(5))).isZero();
        given().get("/api/campaigns/" + id).then().body("status", equalTo("completed"));
        assertThat(db.campaignEvents(id)).containsExactly("CREATED", "STARTED", "PAUSED", "RESUMED", "COMPLETED");
    }

    @Test
    void singleCallsAreNotTheCampaignsConcern() {
        UUID callId = UUID.randomUUID();
        db.fireInTransaction(new io.voiceagents.outbound.application.OutboundCallEnded(callId, null, null, 1,
                "completed", null, newCallSid(), null));
        assertThat(db.count("select count(*) from outbound.event_outbox where event_key = ?", callId.toString()))
                .isZero();
    }
}
