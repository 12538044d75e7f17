package io.voiceagents.devstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import io.voiceagents.devstack.Console;
import io.voiceagents.testkit.twilio.CallTimeline;

/**
 * The campaign dial bench's figures and verdict. Pacing is judged where Twilio would judge it, on the emulator's
 * creation times; the pacer's own slots (from outbound-service's database) are printed beside them to tell the
 * dialer's pacing from delays between the dialer and Twilio.
 *
 * @param timeline    the measured campaign's calls at the Twilio REST emulator
 * @param pacerSlots  dial slots the pacer handed out, microseconds since the epoch, sorted
 * @param campaign    the campaign as GET /api/campaigns/{id} last showed it
 * @param drainNanos  from the start request to the campaign seen completed
 */
record CampaignBenchReport(CampaignBenchOptions o, CallTimeline timeline, long[] pacerSlots, JsonObject campaign,
        long drainNanos, Duration cpuBefore, Duration cpuAfter, ProcessUsage outbound) {

    double achievedCps() {
        return timeline.creationsPerSecond();
    }

    double cpsErrorPercent() {
        return (achievedCps() - o.cps()) / o.cps() * 100;
    }

    int duplicateDials() {
        return timeline.duplicateTos().values().stream().mapToInt(n -> n - 1).sum();
    }

    boolean completed() {
        return "completed".equals(campaign.getString("status"));
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!completed()) {
            problems.add("the campaign did not complete");
        }
        if (duplicateDials() > 0) {
            problems.add(duplicateDials() + " duplicate dials");
        }
        if (timeline.created() != o.contacts()) {
            problems.add(timeline.created() + " calls created for " + o.contacts() + " contacts");
        }
        if (Math.abs(cpsErrorPercent()) > CampaignBenchOptions.MAX_CPS_ERROR_PERCENT) {
            problems.add(String.format("CPS error %+.2f%% beyond ±%.0f%%", cpsErrorPercent(),
                    CampaignBenchOptions.MAX_CPS_ERROR_PERCENT));
        }
        if (timeline.maxConcurrent() > o.concurrency()) {
            problems.add(timeline.maxConcurrent() + " calls live at once, above the limit of " + o.concurrency());
        }
        return problems;
    }

    boolean passed() {
        return problems().isEmpty();
    }

    void print() {
        double drain = drainNanos / 1e9;
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("campaign", campaign.getString("status") + ", counts "
                + campaign.getJsonObject("counts", new JsonObject()).encode());
        rows.put("calls created at Twilio", timeline.created() + " for " + o.contacts() + " contacts");
        rows.put("calls per second", String.format("configured %s, achieved %.3f (%d creations over %.2f s),"
                + " error %+.2f%% (limit ±%.0f%%)", CampaignDialBench.format(o.cps()), achievedCps(), timeline.created(),
                timeline.creationSpan().toNanos() / 1e9, cpsErrorPercent(), CampaignBenchOptions.MAX_CPS_ERROR_PERCENT));
        Duration minGap = timeline.minGapBetweenCreations();
        rows.put("max creations in 1 s", String.format("%d at Twilio (configured %s); shortest gap %s ms",
                timeline.maxCreationsWithin(Duration.ofSeconds(1)), CampaignDialBench.format(o.cps()),
                minGap == null ? "-" : String.format("%.1f", minGap.toNanos() / 1e6)));
        rows.put("pacer slots", pacer());
        rows.put("duplicate dials", duplicateDials() + (duplicateDials() == 0 ? "" : " " + timeline.duplicateTos()));
        rows.put("max concurrent calls", timeline.maxConcurrent() + " live at Twilio (campaign limit "
                + o.concurrency() + ")");
        rows.put("time to drain", String.format("%.1f s from start to completed (at the configured pace the last"
                + " call is created after %.1f s, then lasts ~%s s)", drain, (o.contacts() - 1) / o.cps(),
                CampaignDialBench.format(o.talkSeconds())));
        String cpu = "unknown";
        if (cpuBefore != null && cpuAfter != null && drain > 0) {
            double seconds = cpuAfter.minus(cpuBefore).toNanos() / 1e9;
            cpu = String.format("%.1f s CPU over %.1f s = %.1f%% of one core", seconds, drain, seconds / drain * 100);
        }
        rows.put("outbound-service CPU", cpu);
        rows.put("outbound-service RSS", String.format("peak sampled %s, VmHWM %s (pid %d)",
                mb(outbound.peakSampledRssKb()), mb(outbound.highWaterMarkKb()), outbound.pid()));
        Console.out("");
        Console.out("Results");
        rows.forEach((k, v) -> Console.out(String.format("  %-24s %s", k, v)));
        List<String> problems = problems();
        Console.out(problems.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", problems));
    }

    /** The dialer's own pacing: slots per second over the span and the most slots within any second. */
    private String pacer() {
        if (pacerSlots.length < 2) {
            return "-";
        }
        double spanSeconds = (pacerSlots[pacerSlots.length - 1] - pacerSlots[0]) / 1e6;
        int most = 0;
        int first = 0;
        for (int last = 0; last < pacerSlots.length; last++) {
            while (pacerSlots[last] - pacerSlots[first] >= 1_000_000) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return String.format("%.3f per second, at most %d in 1 s (outbound-service's dial_started_at)",
                (pacerSlots.length - 1) / spanSeconds, most);
    }

    private static String mb(long kb) {
        return kb < 0 ? "unknown" : String.format("%.0f MB", kb / 1024.0);
    }
}
