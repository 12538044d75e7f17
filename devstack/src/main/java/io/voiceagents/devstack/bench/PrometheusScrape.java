package io.voiceagents.devstack.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One read of a Prometheus text exposition ({@code /q/metrics}), reduced to what the bench compares: sample values by
 * metric name and labels. Histograms are compared as differences of two scrapes (a measurement window), so the
 * bench sees only what happened during its window whatever the service did before.
 */
final class PrometheusScrape {

    private final Map<String, Double> samples;

    private PrometheusScrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    static PrometheusScrape empty() {
        return new PrometheusScrape(Map.of());
    }

    /** Parses {@code name{a="x",b="y"} value} lines; comments and malformed lines are skipped. */
    static PrometheusScrape parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = brace >= 0 ? line.indexOf(' ', line.indexOf('}', brace)) : line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = brace >= 0 && brace < space
                    ? labels(line.substring(brace + 1, line.indexOf('}', brace))) : Map.of();
            String[] rest = line.substring(space + 1).strip().split(" ");
            try {
                out.put(key(name, labels), Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // NaN written oddly, or not a sample: not needed
            }
        }
        return new PrometheusScrape(out);
    }

    /** The value of a sample, 0 when absent (a meter not registered yet has counted nothing). */
    double value(String name, Map<String, String> labels) {
        return samples.getOrDefault(key(name, labels), 0.0);
    }

    /**
     * A histogram's buckets during the window {@code earlier} → this: upper bound in seconds → count in the window
     * (not cumulative). {@code labels} select the series, {@code le} aside.
     */
    TreeMap<Double, Double> bucketsSince(PrometheusScrape earlier, String name, Map<String, String> labels) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        String prefix = name + "_bucket{";
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            Map<String, String> l = labels(e.getKey().substring(prefix.length(), e.getKey().length() - 1));
            String le = l.remove("le");
            if (le == null || !l.equals(new TreeMap<>(labels))) {
                continue;
            }
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            cumulative.put(bound, e.getValue() - earlier.samples.getOrDefault(e.getKey(), 0.0));
        }
        TreeMap<Double, Double> out = new TreeMap<>();
        double below = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            out.put(e.getKey(), Math.max(0, e.getValue() - below));
            below = Math.max(below, e.getValue());
        }
        return out;
    }

    /** Observations of a histogram in the window. */
    double countSince(PrometheusScrape earlier, String name, Map<String, String> labels) {
        return value(name + "_count", labels) - earlier.value(name + "_count", labels);
    }

    /**
     * The upper bound (ms) of the bucket holding the {@code p}th percentile of the window's observations: a value
     * the percentile does not exceed. NaN when the window has none.
     */
    static double percentileMillis(TreeMap<Double, Double> buckets, double p) {
        double total = buckets.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            return Double.NaN;
        }
        // p / 100 * total is not exact in floating point (99.9 % of 1000 comes out above 999): round that away
        double rank = Math.ceil(p * total / 100.0 - 1e-9);
        double seen = 0;
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=\"" + v + "\""));
        return sb.append(String.join(",", parts)).append('}').toString();
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> out = new TreeMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            int open = text.indexOf('"', eq);
            int close = open;
            do {
                close = text.indexOf('"', close + 1);
            } while (close > 0 && text.charAt(close - 1) == '\\');
            if (open < 0 || close < 0) {
                break;
            }
            out.put(text.substring(i, eq).strip(), text.substring(open + 1, close));
            i = close + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return out;
    }
}
