package io.voiceagents.outbound.campaign;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Campaign tests tick the scheduler by hand (its loop is off in tests) and read the rows and outbox events it writes,
 * so nothing in the background may change them meanwhile: no dial workers take queued calls, and no scheduled job
 * runs (the outbox relay would delete the events once sent, the sweeps would touch the calls).
 * {@link CampaignDialingTest} runs campaign calls through the real dial workers.
 */
public class CampaignTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("outbound.dial.workers", "0", "quarkus.scheduler.enabled", "false");
    }
}
