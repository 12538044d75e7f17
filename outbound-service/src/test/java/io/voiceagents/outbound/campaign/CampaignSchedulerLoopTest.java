package io.voiceagents.outbound.campaign;

import static io.voiceagents.outbound.campaign.CampaignTestSupport.action;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.body;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.contacts;
import static io.voiceagents.outbound.campaign.CampaignTestSupport.create;
import static io.voiceagents.outbound.support.OutboundTestResource.AGENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.voiceagents.outbound.application.campaign.CampaignSchedulerLoop;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * With the background loop on (as in production, where it starts with the service), a started campaign's calls
 * appear in the dial queue by themselves. Tests keep the loop off and start it here only, so the other tests' ticks
 * stay deterministic.
 */
@QuarkusTest
@TestProfile(CampaignTestProfile.class)
class CampaignSchedulerLoopTest {

    @Inject
    CampaignTestSupport db;

    @Inject
    CampaignSchedulerLoop loop;

    @Test
    void startedCampaignsAreDialedWithinTheirLimitsWithoutAnyoneTicking() {
        Map<String, Object> body = body(AGENTS.newAgent());
        body.put("window", Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), "start", "00:00",
                "end", "24:00", "timeZone", "UTC"));
        body.put("maxConcurrentCalls", 2);
        body.put("contacts", contacts(CampaignTestSupport.numbers(4)));
        UUID id = create(body);
        action(id, "start", 200);
        loop.start(Duration.ofMillis(50));
        try {
            runsByItself(id);
        } finally {
            loop.stop();
        }
    }

    private void runsByItself(UUID id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> db.calls(id).size() == 2);
        // the loop keeps ticking but the two lines are busy
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> db.calls(id).size() == 2);

        db.endCall(db.calls(id).getFirst(), "completed", "human", CampaignTestSupport.newCallSid());
        await().atMost(Duration.ofSeconds(10)).until(() -> db.calls(id).size() == 3);
        assertThat(db.calls(id)).extracting(c -> c.get("attempt")).containsOnly(1);
    }
}
