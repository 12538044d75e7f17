package io.voiceagents.devstack.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.voiceagents.testkit.twilio.media.LatenessHistogram;

/**
 * The figures of one level of the stream-calls bench, gathered by {@link StreamCallsBench} and printed as a block;
 * {@link #summaryRow} is its line in the closing table. Gateway figures are differences of two /q/metrics scrapes
 * (the measurement window), caller figures are what the emulated Twilio side saw in the same window, ledger figures
 * come from the turns call-gateway stored (GET /api/calls/{sid}) during the window.
 */
final class StreamLevelReport {

    static final String GW_LATENESS = "gateway_stream_frame_lateness_seconds";
    static final String GW_LATE = "gateway_stream_frames_late_total";
    static final String GW_LATE_TICKS = "gateway_stream_pacer_late_ticks_total";
    static final String GW_BARGE_IN = "gateway_stream_barge_in_seconds";
    static final String GW_TURN = "gateway_stream_turn_latency_seconds";
    static final String GW_SERVER_ADDED = "gateway_stream_server_added_seconds";
    static final List<String> SERVER_ADDED_PARTS = List.of("reply", "speech", "playout");
    static final List<String> STAGES = List.of("endpointing", "stt_final", "llm_first_token", "tts_first_byte",
            "first_audio", "server_added");
    /** The ledger's JSON fields, in the order of {@link #STAGES}. */
    static final List<String> LEDGER_FIELDS = List.of("endpointingMs", "sttFinalMs", "llmFirstTokenMs", "ttsFirstByteMs",
            "firstAudioMs", "serverAddedMs");

    final int calls;
    int connected;
    int greeted;
    double windowSeconds;
    final List<String> failures = new ArrayList<>();
    int turnsCompleted;

    // gateway, from /q/metrics
    boolean metricsRead;
    double framesSent;
    double framesLate;
    /** pacer ticks finished more than 20 ms after their time (the pacing thread did not get the CPU, or a JVM pause) */
    double lateTicks;
    double latenessP50;
    double latenessP99;
    double latenessP999;
    double latenessMaxBucket;
    double bargeIns;
    double clearP50;
    double clearP99;
    double cancelP50;
    double cancelP99;
    final Map<String, double[]> stageHistogram = new LinkedHashMap<>();
    /** part → p50, p99 of the gateway's split of server-added time */
    final Map<String, double[]> serverAddedParts = new LinkedHashMap<>();

    // callers
    LatenessHistogram playbackLateness = LatenessHistogram.empty();
    LatenessHistogram inboundPacing = LatenessHistogram.empty();
    long underruns;
    long agentMessages;
    final List<Long> responseMs = new ArrayList<>();
    final List<Long> clearAfterMs = new ArrayList<>();
    int bargeInsWithoutClear;
    int protocolErrors;
    int maxSendBacklog;

    // ledger of the stored turns
    final Map<String, List<Long>> ledger = new LinkedHashMap<>();
    int ledgerTurns;
    int interruptedTurns;
    int ledgerFetchErrors;

    // where the server-added time goes, from agent-service's and tts-service's own metrics
    double agentBeforeLlmMeanMs = Double.NaN;
    double agentBeforeLlmP50Ms = Double.NaN;
    double agentBeforeLlmP99Ms = Double.NaN;
    double ttsServerAddedMeanMs = Double.NaN;

    // machine
    double gatewayCpuPercent = Double.NaN;
    double stackCpuPercent = Double.NaN;
    double benchCpuPercent = Double.NaN;
    double machineBusyPercent = Double.NaN;
    double loadStart = Double.NaN;
    double loadMax = Double.NaN;
    double loadEnd = Double.NaN;
    long gatewayRssBaselineKb = -1;
    long gatewayRssPeakKb = -1;
    long stackRssBaselineKb = -1;
    long stackRssPeakKb = -1;

    StreamLevelReport(int calls) {
        this.calls = calls;
        for (String f : LEDGER_FIELDS) {
            ledger.put(f, new ArrayList<>());
        }
    }

    /** The goal for concurrency: no outbound frame more than 20 ms late, and every call went through. */
    boolean holds() {
        return metricsRead && framesLate == 0 && failures.isEmpty() && greeted == calls;
    }

    /** CPU used by neither the stack nor the bench (somebody's build), % of one core. */
    double otherCpuPercent() {
        return machineBusyPercent * StackProcesses.cores() - stackCpuPercent - benchCpuPercent;
    }

    double rssPerCallMb() {
        if (gatewayRssBaselineKb < 0 || gatewayRssPeakKb < 0) {
            return Double.NaN;
        }
        return (gatewayRssPeakKb - gatewayRssBaselineKb) / 1024.0 / calls;
    }

    List<String> lines(boolean local) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "== %d concurrent calls: %d connected, %d greeted, %.0f s measured, %d turns"
                + " completed, %d failed calls -> %s", calls, connected, greeted, windowSeconds, turnsCompleted,
                failures.size(), holds() ? "HOLDS" : "does not hold"));
        if (metricsRead) {
            out.add(String.format(Locale.ROOT, "  outbound frames (gateway): %.0f sent, %.0f more than 20 ms late;"
                    + " lateness p50 <= %s, p99 <= %s, p99.9 <= %s, highest bucket <= %s ms; pacer ticks finished"
                    + " more than 20 ms after their time: %.0f", framesSent, framesLate, ms(latenessP50), ms(latenessP99),
                    ms(latenessP999), ms(latenessMaxBucket), lateTicks));
        } else {
            out.add("  outbound frames (gateway): /q/metrics could not be read");
        }
        out.add(String.format(Locale.ROOT, "  agent audio (callers): %d messages, %d more than 20 ms after the buffer ran"
                + " dry (underruns), lateness vs continuous playback p99 %d ms, max %.1f ms", agentMessages, underruns,
                playbackLateness.percentileMillis(99), playbackLateness.maxMillis()));
        out.add(String.format(Locale.ROOT, "  callers' own inbound pacing: p99 %d ms, max %.1f ms late (%s)",
                inboundPacing.percentileMillis(99), inboundPacing.maxMillis(),
                inboundPacing.countAbove(20) == 0 ? "the load generator kept time" : inboundPacing.countAbove(20)
                        + " frames >20 ms late: the load generator itself fell behind"));
        out.add(String.format(Locale.ROOT, "  CPU (%% of one core, %d cores): call-gateway %s, whole stack %s, bench %s,"
                + " other processes %s; machine busy %s of all cores; load average %.2f -> max %.2f -> %.2f",
                StackProcesses.cores(), local ? pct(gatewayCpuPercent) : "n/a (remote)",
                local ? pct(stackCpuPercent) : "n/a (remote)", pct(benchCpuPercent),
                local ? pct(otherCpuPercent()) : "n/a", pct(machineBusyPercent), loadStart, loadMax, loadEnd));
        if (local && otherCpuPercent() > 25) {
            out.add("  WARNING: other processes used " + pct(otherCpuPercent()) + " of a core during the window: the figures"
                    + " are not the stack's alone; rerun this level when the machine is quiet");
        }
        if (local && gatewayRssBaselineKb >= 0) {
            out.add(String.format(Locale.ROOT, "  RSS: call-gateway %.0f MB idle -> %.0f MB peak = %.2f MB per call;"
                    + " whole stack %.0f -> %.0f MB", gatewayRssBaselineKb / 1024.0, gatewayRssPeakKb / 1024.0,
                    rssPerCallMb(), stackRssBaselineKb / 1024.0, stackRssPeakKb / 1024.0));
        } else {
            out.add("  RSS: n/a (remote)");
        }
        out.add(String.format(Locale.ROOT, "  turn latency, ledger of %d stored turns (%d interrupted)%s:", ledgerTurns,
                interruptedTurns, ledgerFetchErrors > 0 ? ", " + ledgerFetchErrors + " calls not readable" : ""));
        for (int i = 0; i < STAGES.size(); i++) {
            List<Long> v = ledger.get(LEDGER_FIELDS.get(i));
            double[] h = stageHistogram.get(STAGES.get(i));
            out.add(String.format(Locale.ROOT, "    %-16s ledger n=%4d p50 %6s p99 %6s max %6s ms | histogram n=%5.0f"
                    + " p50 <= %6s p99 <= %6s ms", STAGES.get(i), v.size(), pctl(v, 50), pctl(v, 99), pctl(v, 100),
                    h == null ? 0 : h[0], h == null ? "-" : ms(h[1]), h == null ? "-" : ms(h[2])));
        }
        out.add(String.format(Locale.ROOT, "    server-added, in part: agent-service from StreamReply received to the LLM"
                + " request mean %s ms (its summary, last minutes: p50 %s p99 %s); tts-service's own time to first audio"
                + " mean %s ms; the rest is call-gateway, gRPC hops and queues", ms(agentBeforeLlmMeanMs),
                ms(agentBeforeLlmP50Ms), ms(agentBeforeLlmP99Ms), ms(ttsServerAddedMeanMs)));
        StringBuilder parts = new StringBuilder("    server-added in parts (gateway, p50 / p99 ms):");
        for (String part : SERVER_ADDED_PARTS) {
            double[] h = serverAddedParts.get(part);
            parts.append(' ').append(part).append(' ').append(h == null ? "-" : ms(h[0]) + " / " + ms(h[1]));
        }
        out.add(parts.append(" (reply: transcript -> first token less the LLM; speech: sentence -> audio less the TTS;"
                + " playout: audio -> first frame)").toString());
        out.add(String.format(Locale.ROOT, "  caller-perceived reply latency (end of speech -> first audio heard):"
                + " n=%d p50 %s p99 %s ms", responseMs.size(), pctl(responseMs, 50), pctl(responseMs, 99)));
        out.add(String.format(Locale.ROOT, "  barge-in (gateway): %.0f, decision -> clear sent p50 <= %s p99 <= %s ms,"
                + " -> LLM and TTS streams cancelled p50 <= %s p99 <= %s ms", bargeIns, ms(clearP50), ms(clearP99),
                ms(cancelP50), ms(cancelP99)));
        out.add(String.format(Locale.ROOT, "  barge-in (callers): %d, caller starts speaking -> clear arrives p50 %s"
                + " p99 %s ms (includes the gateway's 350 ms minimum barge-in speech and the VAD's onset), %d without"
                + " a clear", clearAfterMs.size(), pctl(clearAfterMs, 50), pctl(clearAfterMs, 99), bargeInsWithoutClear));
        if (protocolErrors > 0) {
            out.add("  protocol errors seen by the callers: " + protocolErrors);
        }
        out.add("  callers' largest socket send backlog: " + maxSendBacklog + " messages");
        Map<String, Integer> reasons = new TreeMap<>();
        // grouped by kind: call SIDs and timings differ from call to call
        failures.forEach(f -> reasons.merge(f.replaceAll("CA[0-9a-f]{32}", "CA…").replaceAll("\\d+", "N"), 1,
                Integer::sum));
        reasons.forEach((r, n) -> out.add("  failed: " + n + " x " + r));
        return out;
    }

    static String summaryHeader() {
        return String.format(Locale.ROOT, "%6s %6s %9s %6s %7s %8s %8s %9s %8s %8s %8s %8s %6s", "calls", "holds",
                "frames", "late", "underrn", "gw CPU%", "stack%", "RSS/call", "srv p50", "srv p99", "clear99",
                "cancel99", "fails");
    }

    String summaryRow(boolean local) {
        List<Long> server = ledger.get("serverAddedMs");
        return String.format(Locale.ROOT, "%6d %6s %9.0f %6.0f %7d %8s %8s %9s %8s %8s %8s %8s %6d", calls,
                holds() ? "yes" : "NO", framesSent, framesLate, underruns, local ? pct(gatewayCpuPercent) : "n/a",
                local ? pct(stackCpuPercent) : "n/a", local ? String.format(Locale.ROOT, "%.2f MB", rssPerCallMb()) : "n/a",
                pctl(server, 50), pctl(server, 99), ms(clearP99), ms(cancelP99), failures.size());
    }

    /** Nearest-rank percentile of exact values, "-" without any. */
    static String pctl(List<Long> values, double p) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.size() / 100.0 - 1e-9);
        return Long.toString(sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))));
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return "inf";
        }
        return v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", v);
    }
}
