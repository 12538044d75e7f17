package io.voiceagents.devstack.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Latencies and errors of one endpoint during the measured window. Thread-safe. */
final class LatencyStats {

    private final String name;
    private final List<Long> latenciesMicros = new ArrayList<>();
    private final Map<String, Integer> errors = new TreeMap<>();

    LatencyStats(String name) {
        this.name = name;
    }

    synchronized void success(long micros) {
        latenciesMicros.add(micros);
    }

    synchronized void error(String reason, long micros) {
        latenciesMicros.add(micros);
        errors.merge(reason, 1, Integer::sum);
    }

    String name() {
        return name;
    }

    synchronized int count() {
        return latenciesMicros.size();
    }

    synchronized int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized Map<String, Integer> errors() {
        return new TreeMap<>(errors);
    }

    /** Nearest-rank percentile in milliseconds, NaN without samples. */
    synchronized double percentileMillis(double p) {
        if (latenciesMicros.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1000.0;
    }

    /** One row of the report: count, errors, achieved rate, p50/p90/p99/max. */
    String row(double windowSeconds) {
        return String.format("%-28s %7d %7d %8.1f %9.1f %9.1f %9.1f %9.1f", name, count(), errorCount(),
                count() / windowSeconds, percentileMillis(50), percentileMillis(90), percentileMillis(99),
                percentileMillis(100));
    }

    static String header() {
        return String.format("%-28s %7s %7s %8s %9s %9s %9s %9s", "endpoint", "count", "errors", "rate/s",
                "p50 ms", "p90 ms", "p99 ms", "max ms");
    }
}
