package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.action;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.contacts;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.voiceagents.contracts.agent.v1.MachineAction;
import io.voiceagents.outbound.application.campaign.CampaignScheduler;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.TestApi;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The scheduler feeds outbound_calls: window, concurrency, pacing, the row it writes, and that ticking again (as
 * after a restart, or on another replica) never writes a second row for a contact's attempt. Ticks are driven with
 * explicit instants; the background loop is off in tests.
 */
@QuarkusTest
@TestProfile(CampaignTestProfile.class)
class CampaignSchedulerTest {

    @Inject
    CampaignTestSupport db;

    @Inject
    CampaignScheduler scheduler;

    private final Instant wednesdayNoon = CampaignTestSupport.openWednesdayNoon();

    @Test
    void queuesAFullyDescribedCallForTheFirstDueContact() {
        UUID agent = AGENTS.newAgent();
        Map<String, Object> body = body(agent);
        body.put("from", FakeAgentService.NEW_AGENT_OTHER_NUMBER);
        body.put("initialMessage", "Hello from Acme");
        body.put("metadata", Map.of("campaign", "spring", "plan", "default"));
        body.put("machineDetection", true);
        body.put("contacts", List.of(Map.of("number", "+14155551101", "name", "Ada", "metadata", Map.of("plan", "gold")),
                Map.of("number", "+14155551102")));
        UUID id = create(body);
        action(id, "start", 200);

        assertThat(scheduler.tick(id, wednesdayNoon)).isEqualTo(1);

        List<Map<String, Object>> calls = db.calls(id);
        assertThat(calls).hasSize(1);
        Map<String, Object> call = calls.getFirst();
        assertThat(call.get("status")).isEqualTo("queued");
        assertThat(((Number) call.get("status_rank")).intValue()).isZero();
        assertThat(call.get("agent_id")).isEqualTo(agent);
        assertThat(call.get("to_number")).isEqualTo("+14155551101");
        assertThat(call.get("from_number")).isEqualTo(FakeAgentService.NEW_AGENT_OTHER_NUMBER);
        assertThat(call.get("tenant")).isEqualTo(TestApi.tenant(TestApi.KEY));
        assertThat(call.get("attempt")).isEqualTo(1);
        assertThat(call.get("initial_message")).isEqualTo("Hello from Acme");
        // the agent leaves a message on machines: wait for the beep
        assertThat(call.get("machine_detection")).isEqualTo("DetectMessageEnd");
        assertThat(call.get("idempotency_key")).isNull();
        assertThat(call.get("next_dial_at")).isNotNull();
        Map<String, Object> metadata = db.rows("select metadata->>'campaign' as campaign, metadata->>'plan' as plan, "
                + "metadata->>'contactName' as name from outbound.outbound_calls where id = ?", call.get("id"))
                .getFirst();
        assertThat(metadata).containsEntry("campaign", "spring").containsEntry("plan", "gold")
                .containsEntry("name", "Ada");

        Map<String, Object> contact = db.contact((UUID) call.get("contact_id"));
        assertThat(contact.get("status")).isEqualTo("calling");
        assertThat(contact.get("attempts")).isEqualTo(1);
        assertThat(contact.get("last_call_id")).isEqualTo(call.get("id"));
        // announced as single calls are (CallTransitions), with the campaign's ids
        List<Map<String, Object>> queued = db.rows("select payload->>'campaignId' as campaign, payload->>'contactId' "
                + "as contact, payload->>'from' as from_number, payload->>'to' as to_number, payload->>'status' as status "
                + "from outbound.event_outbox where topic = 'voiceagents.outbound-calls.v1' and event_key = ? "
                + "and payload->>'type' = 'QUEUED'", call.get("id").toString());
        assertThat(queued).singleElement().satisfies(event -> assertThat(event).containsEntry("campaign", id.toString())
                .containsEntry("contact", call.get("contact_id").toString())
                .containsEntry("from_number", FakeAgentService.NEW_AGENT_OTHER_NUMBER)
                .containsEntry("to_number", "+14155551101").containsEntry("status", "queued"));
    }

    @Test
    void machineDetectionFollowsTheAgentAndIsLeftOutWhenNotAsked() {
        UUID hangUp = AGENTS.newAgent(List.of(FakeAgentService.NEW_AGENT_NUMBER), MachineAction.MACHINE_ACTION_HANG_UP);
        Map<String, Object> body = body(hangUp);
        body.put("machineDetection", true);
        body.put("contacts", contacts("+14155551201"));
        UUID detecting = create(body);
        action(detecting, "start", 200);
        scheduler.tick(detecting, wednesdayNoon);
        assertThat(db.calls(detecting).getFirst().get("machine_detection")).isEqualTo("Enable");

        Map<String, Object> plain = body(hangUp);
        plain.put("contacts", contacts("+14155551202"));
        UUID notDetecting = create(plain);
        action(notDetecting, "start", 200);
        scheduler.tick(notDetecting, wednesdayNoon);
        assertThat(db.calls(notDetecting).getFirst().get("machine_detection")).isNull();
    }

    @Test
    void outsideTheCallingWindowNothingIsQueued() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155551301"));
        UUID id = create(body);
        action(id, "start", 200);
        Instant wednesdayEvening = wednesdayNoon.plusSeconds(8 * 3600);  // 20:00 UTC
        Instant saturdayNoon = wednesdayNoon.plusSeconds(3 * 24 * 3600);
        Instant wednesdayEarly = wednesdayNoon.minusSeconds(4 * 3600);   // 08:00 UTC

        assertThat(scheduler.tick(id, wednesdayEarly)).isZero();
        assertThat(scheduler.tick(id, wednesdayEvening)).isZero();
        assertThat(scheduler.tick(id, saturdayNoon)).isZero();
        assertThat(db.calls(id)).isEmpty();
        io.voiceagents.outbound.support.TestApi.given().get("/api/campaigns/" + id).then().statusCode(200)
                .body("windowOpen", org.hamcrest.Matchers.notNullValue());

        // the window opens at 09:00
        assertThat(scheduler.tick(id, wednesdayNoon.minusSeconds(3 * 3600))).isEqualTo(1);
        assertThat(db.calls(id)).hasSize(1);
    }

    @Test
    void neverMoreCallsThanMaxConcurrentCallsAndOneMoreWhenOneEnds() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("maxConcurrentCalls", 3);
        body.put("contacts", contacts(CampaignTestSupport.numbers(6)));
        UUID id = create(body);
        action(id, "start", 200);

        for (int second = 0; second < 8; second++) {
            scheduler.tick(id, wednesdayNoon.plusSeconds(second));
        }
        List<Map<String, Object>> calls = db.calls(id);
        assertThat(calls).hasSize(3);
        // the dialer moved them on: still not ended, still counted
        db.update("update outbound.outbound_calls set status = 'in-progress', status_rank = 3 where id = ?",
                calls.get(0).get("id"));
        db.update("update outbound.outbound_calls set status = 'ringing', status_rank = 2 where id = ?",
                calls.get(1).get("id"));
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(9))).isZero();

        db.endCall(calls.get(0), "completed", "human", CampaignTestSupport.newCallSid());
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(10))).isEqualTo(1);
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(11))).isZero();
        assertThat(db.count("select count(*) from outbound.outbound_calls where campaign_id = ? and status_rank < 4",
                id)).isEqualTo(3);
        // contacts are called in upload order
        assertThat(db.calls(id)).extracting(c -> c.get("to_number"))
                .containsExactly((Object[]) java.util.Arrays.copyOf(CampaignTestSupport.numbersOf(body), 4));
    }

    @Test
    void theCampaignsPacingHoldsAcrossTicks() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("maxConcurrentCalls", 10);
        body.put("callsPerSecond", 0.5);
        body.put("contacts", contacts(CampaignTestSupport.numbers(6)));
        UUID id = create(body);
        action(id, "start", 200);

        assertThat(scheduler.tick(id, wednesdayNoon)).isEqualTo(1);
        assertThat(scheduler.tick(id, wednesdayNoon.plusMillis(250))).isZero();
        assertThat(scheduler.tick(id, wednesdayNoon.plusMillis(1999))).isZero();
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(2))).isEqualTo(1);
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(3))).isZero();
        // an idle minute is not saved up into a burst
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(60))).isEqualTo(1);
        assertThat(db.calls(id)).hasSize(3);
    }

    @Test
    void tickingAgainAfterARestartWritesNoSecondRowForAnAttempt() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("maxConcurrentCalls", 2);
        body.put("contacts", contacts(CampaignTestSupport.numbers(3)));
        UUID id = create(body);
        action(id, "start", 200);
        scheduler.tick(id, wednesdayNoon);
        scheduler.tick(id, wednesdayNoon.plusSeconds(1));
        assertThat(db.calls(id)).hasSize(2);

        // "restart": nothing but the database survives; the same instants and later ones are ticked again
        for (int second = 0; second < 5; second++) {
            scheduler.tick(id, wednesdayNoon.plusSeconds(second));
        }
        assertThat(db.calls(id)).hasSize(2);
        assertThat(db.count("select count(*) from (select contact_id, attempt from outbound.outbound_calls "
                + "where campaign_id = ? group by contact_id, attempt having count(*) > 1) d", id)).isZero();

        // a contact whose row claims it was never called although its first call exists (a manual edit, a bug):
        // the unique (contact_id, attempt) index turns the second insert into nothing, and the contact is put
        // back on its existing call instead of failing the tick
        Map<String, Object> first = db.calls(id).getFirst();
        UUID contactId = (UUID) first.get("contact_id");
        db.update("update outbound.campaign_contacts set status = 'pending', attempts = 0, last_call_id = null, "
                + "next_attempt_at = now() - interval '1 hour' where id = ?", contactId);
        db.endCall(db.calls(id).get(1), "completed", "human", CampaignTestSupport.newCallSid());
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(10))).isZero();
        assertThat(db.calls(id)).hasSize(2);
        Map<String, Object> contact = db.contact(contactId);
        assertThat(contact.get("status")).isEqualTo("calling");
        assertThat(contact.get("attempts")).isEqualTo(1);
        assertThat(contact.get("last_call_id")).isEqualTo(first.get("id"));
        // the third contact got the free line on the next slot
        assertThat(scheduler.tick(id, wednesdayNoon.plusSeconds(11))).isEqualTo(1);
        assertThat(db.calls(id)).hasSize(3);
    }

    @Test
    void replicasTickingTheSameCampaignAtOnceStayWithinItsLimits() throws Exception {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("maxConcurrentCalls", 3);
        body.put("contacts", contacts(CampaignTestSupport.numbers(10)));
        UUID id = create(body);
        action(id, "start", 200);

        // four "replicas" tick the same seconds concurrently, each in its own order
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int replica = 0; replica < 4; replica++) {
                int offset = replica;
                results.add(pool.submit(() -> {
                    int queued = 0;
                    for (int i = 0; i < 10; i++) {
                        queued += scheduler.tick(id, wednesdayNoon.plusSeconds((i + offset) % 10));
                    }
                    return queued;
                }));
            }
            int queued = 0;
            for (var result : results) {
                queued += result.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            List<Map<String, Object>> calls = db.calls(id);
            assertThat(calls).hasSize(queued).hasSizeBetween(1, 3);
            assertThat(calls).extracting(c -> c.get("contact_id")).doesNotHaveDuplicates();
            assertThat(db.count("select count(*) from outbound.campaign_contacts where campaign_id = ? "
                    + "and status = 'calling'", id)).isEqualTo(calls.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pausedAndDraftCampaignsQueueNothing() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("contacts", contacts("+14155551401"));
        UUID id = create(body);
        assertThat(scheduler.tick(id, wednesdayNoon)).isZero();
        action(id, "start", 200);
        action(id, "pause", 200);
        assertThat(scheduler.tick(id, wednesdayNoon)).isZero();
        assertThat(db.calls(id)).isEmpty();
        action(id, "resume", 200);
        assertThat(scheduler.tick(id, wednesdayNoon)).isEqualTo(1);
    }

    @Test
    void anAgentThatCannotBeReadHoldsBackOnlyItsMachineDetectingCampaigns() {
        UUID agent = AGENTS.newAgent();
        Map<String, Object> body = body(agent);
        body.put("machineDetection", true);
        body.put("contacts", contacts("+14155551501"));
        UUID id = create(body);
        action(id, "start", 200);
        AGENTS.failing.add(agent.toString());
        try {
            assertThat(scheduler.tick(id, wednesdayNoon)).isZero();
            assertThat(db.calls(id)).isEmpty();
        } finally {
            AGENTS.failing.remove(agent.toString());
        }
    }
}
