package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.action;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.contacts;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static io.voiceagents.outbound.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.outbound.application.campaign.CampaignScheduler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** start, pause, resume, cancel through the API: the state machine, its events, and what cancel does to the queue. */
@QuarkusTest
@TestProfile(CampaignTestProfile.class)
class CampaignLifecycleTest {

    @Inject
    CampaignTestSupport db;

    @Inject
    CampaignScheduler scheduler;

    @Inject
    DataSource dataSource;

    @Test
    void draftRunsPausesResumesAndCancelsWithAnEventEachTime() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155550601", "+14155550602"));
        UUID id = create(body);

        given().post("/api/campaigns/" + id + "/start").then().statusCode(200)
                .body("status", equalTo("running")).body("startedAt", notNullValue()).body("endedAt", nullValue());
        given().post("/api/campaigns/" + id + "/pause").then().statusCode(200).body("status", equalTo("paused"));
        given().post("/api/campaigns/" + id + "/resume").then().statusCode(200).body("status", equalTo("running"));
        action(id, "pause", 200);
        // start on a paused campaign resumes it too
        action(id, "start", 200);
        given().post("/api/campaigns/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled")).body("endedAt", notNullValue())
                .body("counts.canceled", equalTo(2)).body("counts.pending", equalTo(0))
                .body("progressPercent", equalTo(100.0f));

        assertThat(db.campaignEvents(id)).containsExactly("CREATED", "STARTED", "PAUSED", "RESUMED", "PAUSED",
                "RESUMED", "CANCELED");
        Map<String, Object> canceled = db.rows("select payload from outbound.event_outbox where event_key = ? "
                + "and payload->>'type' = 'CANCELED'", id.toString()).getFirst();
        assertThat(canceled.get("payload").toString()).contains("\"previousStatus\": \"running\"")
                .contains("\"contacts\": 2");
    }

    @Test
    void illegalTransitionsAre409Problems() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155550701"));
        UUID id = create(body);
        given().post("/api/campaigns/" + id + "/pause").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("a draft campaign cannot pause")).body("errors[0].field", equalTo("status"));
        action(id, "resume", 409);
        action(id, "start", 200);
        action(id, "start", 409);
        action(id, "resume", 409);
        action(id, "cancel", 200);
        action(id, "cancel", 409);
        action(id, "start", 409);
        action(id, "pause", 409);
        assertThat(db.campaignEvents(id)).containsExactly("CREATED", "STARTED", "CANCELED");
    }

    @Test
    void startingNeedsContactsAndAnAgentThatStillOwnsTheNumber() {
        UUID agent = AGENTS.newAgent();
        UUID empty = create(body(agent));
        given().post("/api/campaigns/" + empty + "/start").then().statusCode(422)
                .body("errors[0].field", equalTo("contacts"));
        given().get("/api/campaigns/" + empty).then().body("status", equalTo("draft"));

        Map<String, Object> body = body(agent);
        body.put("contacts", contacts("+14155550801"));
        UUID id = create(body);
        AgentProfile profile = AGENTS.agents.get(agent.toString());
        AGENTS.agents.put(agent.toString(), profile.toBuilder().clearPhoneNumbers().addPhoneNumbers("+14155550777")
                .build());
        try {
            given().post("/api/campaigns/" + id + "/start").then().statusCode(422)
                    .body("errors[0].field", equalTo("from")).body("detail", containsString("no longer"));
        } finally {
            AGENTS.agents.put(agent.toString(), profile);
        }
        action(id, "start", 200);
    }

    @Test
    void cancelLeavesNoQueuedCallAndLetsCallsOnTheLineFinish() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("maxConcurrentCalls", 3);
        body.put("contacts", contacts("+14155550901", "+14155550902", "+14155550903", "+14155550904"));
        UUID id = create(body);
        action(id, "start", 200);
        Instant t = CampaignTestSupport.openWednesdayNoon();
        for (int i = 0; i < 3; i++) {
            scheduler.tick(id, t.plusSeconds(i));
        }
        List<Map<String, Object>> calls = db.calls(id);
        assertThat(calls).hasSize(3);
        // the dialer has taken the first call already
        db.update("update outbound.outbound_calls set status = 'dialing', status_rank = 1 where id = ?",
                calls.getFirst().get("id"));

        action(id, "cancel", 200);

        assertThat(db.queuedCalls(id)).isZero();
        assertThat(db.calls(id)).extracting(c -> c.get("status")).containsExactly("dialing", "canceled", "canceled");
        List<Map<String, Object>> contacts = db.rows("select phone_number, status, last_outcome from "
                + "outbound.campaign_contacts where campaign_id = ? order by row_number", id);
        assertThat(contacts).extracting(c -> c.get("phone_number") + " " + c.get("status") + " " + c.get("last_outcome"))
                .containsExactly("+14155550901 calling null", "+14155550902 canceled canceled",
                        "+14155550903 canceled canceled", "+14155550904 canceled null");
        assertThat(db.count("select count(*) from outbound.event_outbox where topic = 'voiceagents.outbound-calls.v1' "
                + "and payload->>'campaignId' = ? and payload->>'type' = 'ENDED' and payload->>'status' = 'canceled'",
                id.toString())).isEqualTo(2);
        // a canceled campaign queues nothing, whatever the scheduler is asked
        assertThat(scheduler.tick(id, t.plusSeconds(10))).isZero();

        // the call on the line ends: recorded, and a retry it would have had is not scheduled
        db.endCall(db.calls(id).getFirst(), "completed", "human", CampaignTestSupport.newCallSid());
        given().get("/api/campaigns/" + id).then().body("counts.completed", equalTo(1))
                .body("counts.canceled", equalTo(3)).body("status", equalTo("canceled"));
    }

    @Test
    void aQueuedCallTheDialerHoldsIsNeitherCanceledNorWaitedFor() throws Exception {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155551001"));
        UUID id = create(body);
        action(id, "start", 200);
        scheduler.tick(id, CampaignTestSupport.openWednesdayNoon());
        UUID callId = (UUID) db.calls(id).getFirst().get("id");

        try (Connection dialer = dataSource.getConnection()) {
            dialer.setAutoCommit(false);
            // the dialer's claim: the queued row locked, about to become dialing
            try (var claim = dialer.prepareStatement("select id from outbound.outbound_calls where id = ? "
                    + "and status = 'queued' for update skip locked")) {
                claim.setObject(1, callId);
                assertThat(claim.executeQuery().next()).isTrue();
            }
            // cancel does not wait for the lock and does not cancel the claimed call
            given().post("/api/campaigns/" + id + "/cancel").then().statusCode(200);
            try (var dial = dialer.prepareStatement("update outbound.outbound_calls set status = 'dialing', "
                    + "status_rank = 1 where id = ?")) {
                dial.setObject(1, callId);
                dial.executeUpdate();
            }
            dialer.commit();
        }
        assertThat(db.calls(id)).extracting(c -> c.get("status")).containsExactly("dialing");
        assertThat(db.rows("select status from outbound.campaign_contacts where campaign_id = ?", id))
                .extracting(c -> c.get("status")).containsExactly("calling");
    }
}
