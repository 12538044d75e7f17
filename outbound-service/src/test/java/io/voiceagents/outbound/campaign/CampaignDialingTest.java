package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.action;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.contacts;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static io.voiceagents.outbound.support.OutboundTestResource.FRONT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.outbound.application.campaign.CampaignScheduler;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.testkit.twilio.RestCall;
import jakarta.inject.Inject;

/**
 * Campaign calls through the real dial workers (on here, unlike in the other campaign tests): the scheduler's calls
 * are queued and dialed like single calls, and a paused campaign's queued calls wait for its resume.
 */
@QuarkusTest
class CampaignDialingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CampaignTestSupport db;

    @Inject
    CampaignScheduler scheduler;

    @Inject
    DataSource dataSource;

    Rows rows;

    @BeforeEach
    void setUp() {
        rows = new Rows(dataSource);
    }

    @Test
    void aQueuedCallOfAPausedCampaignIsDialedOnlyOnceTheCampaignRuns() {
        String number = TestApi.freshNumber();
        UUID id = create(alwaysOpen(number));
        action(id, "start", 200);
        action(id, "pause", 200);
        // the call the scheduler queued just before the pause: due, and the dial workers are polling
        UUID contactId = (UUID) db.rows("select id from outbound.campaign_contacts where campaign_id = ?", id)
                .getFirst().get("id");
        UUID callId = rows.insert(TestApi.tenant(TestApi.KEY), number, FakeAgentService.NEW_AGENT_NUMBER,
                "campaign_id = '" + id + "', contact_id = '" + contactId + "'");
        db.update("update outbound.campaign_contacts set status = 'calling', attempts = 1, last_call_id = ? "
                + "where id = ?", callId, contactId);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> "queued".equals(rows.status(callId)));
        assertThat(FRONT.createsTo(number)).isEmpty();

        action(id, "resume", 200);
        await().atMost(WAIT).until(() -> FRONT.callsTo(number).size() == 1);
        assertThat(FRONT.callsTo(number).getFirst().url()).contains("oc=" + callId);
        await().atMost(WAIT).until(() -> rows.row(callId).get("twilio_call_sid") != null);
    }

    @Test
    void theSchedulersCallsAreQueuedAndDialedLikeSingleCalls() {
        String number = TestApi.freshNumber();
        Map<String, Object> body = alwaysOpen(number);
        body.put("from", FakeAgentService.NEW_AGENT_OTHER_NUMBER);
        body.put("machineDetection", true);
        UUID id = create(body);
        action(id, "start", 200);

        assertThat(scheduler.tick(id, Instant.now())).isEqualTo(1);

        UUID callId = (UUID) db.calls(id).getFirst().get("id");
        await().atMost(WAIT).until(() -> FRONT.callsTo(number).size() == 1);
        RestCall call = FRONT.callsTo(number).getFirst();
        assertThat(call.from()).isEqualTo(FakeAgentService.NEW_AGENT_OTHER_NUMBER);
        assertThat(call.machineDetection()).isEqualTo("DetectMessageEnd");
        assertThat(call.url()).isEqualTo(OutboundTestResource.PUBLIC_BASE_URL + "/twilio/voice/outbound?oc=" + callId
                + "&agent=" + body.get("agentId"));
        // queued through the same path as single calls
        TestApi.given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("outbound_calls_queued_total{kind=\"campaign\""));
    }

    private static Map<String, Object> alwaysOpen(String number) {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("window", Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), "start", "00:00",
                "end", "24:00", "timeZone", "UTC"));
        body.put("contacts", contacts(number));
        return body;
    }
}
