package io.voiceagents.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The bench's reading of /q/metrics: window differences of counters and histograms, as Micrometer writes them. */
class PrometheusScrapeTest {

    private static final String BEFORE = """
            # HELP gateway_stream_frames_late_total Outbound audio frames sent more than 20 ms after their schedule
            # TYPE gateway_stream_frames_late_total counter
            gateway_stream_frames_late_total 3.0
            gateway_stream_frame_lateness_seconds_bucket{le="0.001"} 90.0
            gateway_stream_frame_lateness_seconds_bucket{le="0.016777216"} 99.0
            gateway_stream_frame_lateness_seconds_bucket{le="0.022369621"} 100.0
            gateway_stream_frame_lateness_seconds_bucket{le="+Inf"} 100.0
            gateway_stream_frame_lateness_seconds_count 100.0
            gateway_stream_barge_in_seconds_bucket{step="clear_sent",le="0.001"} 1.0
            gateway_stream_barge_in_seconds_bucket{step="clear_sent",le="0.002"} 1.0
            gateway_stream_barge_in_seconds_bucket{step="clear_sent",le="+Inf"} 1.0
            gateway_stream_barge_in_seconds_bucket{step="streams_cancelled",le="0.001"} 0.0
            gateway_stream_barge_in_seconds_bucket{step="streams_cancelled",le="0.002"} 1.0
            gateway_stream_barge_in_seconds_bucket{step="streams_cancelled",le="+Inf"} 1.0
            """;

    private static final String AFTER = """
            gateway_stream_frames_late_total 5.0
            gateway_stream_frame_lateness_seconds_bucket{le="0.001"} 1080.0
            gateway_stream_frame_lateness_seconds_bucket{le="0.016777216"} 1098.0
            gateway_stream_frame_lateness_seconds_bucket{le="0.022369621"} 1100.0
            gateway_stream_frame_lateness_seconds_bucket{le="+Inf"} 1100.0
            gateway_stream_frame_lateness_seconds_count 1100.0
            gateway_stream_barge_in_seconds_bucket{step="clear_sent",le="0.001"} 2.0
            gateway_stream_barge_in_seconds_bucket{step="clear_sent",le="0.002"} 3.0
            gateway_stream_barge_in_seconds_bucket{step="clear_sent",le="+Inf"} 3.0
            gateway_stream_barge_in_seconds_bucket{step="streams_cancelled",le="0.001"} 0.0
            gateway_stream_barge_in_seconds_bucket{step="streams_cancelled",le="0.002"} 3.0
            gateway_stream_barge_in_seconds_bucket{step="streams_cancelled",le="+Inf"} 3.0
            """;

    @Test
    void countersAndHistogramsAreReadAsTheWindowsDifference() {
        PrometheusScrape a = PrometheusScrape.parse(BEFORE);
        PrometheusScrape b = PrometheusScrape.parse(AFTER);

        assertThat(b.value("gateway_stream_frames_late_total", Map.of())
                - a.value("gateway_stream_frames_late_total", Map.of())).isEqualTo(2.0);
        assertThat(b.countSince(a, "gateway_stream_frame_lateness_seconds", Map.of())).isEqualTo(1000.0);
        TreeMap<Double, Double> lateness = b.bucketsSince(a, "gateway_stream_frame_lateness_seconds", Map.of());
        assertThat(lateness.values()).containsExactly(990.0, 9.0, 1.0, 0.0);
        assertThat(PrometheusScrape.percentileMillis(lateness, 50)).isCloseTo(1.0, within(1e-9));
        assertThat(PrometheusScrape.percentileMillis(lateness, 99.9)).isCloseTo(16.777216, within(1e-9));
        assertThat(PrometheusScrape.percentileMillis(lateness, 100)).isCloseTo(22.369621, within(1e-9));
    }

    @Test
    void labelledSeriesAreKeptApart() {
        PrometheusScrape a = PrometheusScrape.parse(BEFORE);
        PrometheusScrape b = PrometheusScrape.parse(AFTER);

        TreeMap<Double, Double> clear = b.bucketsSince(a, "gateway_stream_barge_in_seconds", Map.of("step", "clear_sent"));
        TreeMap<Double, Double> cancel = b.bucketsSince(a, "gateway_stream_barge_in_seconds",
                Map.of("step", "streams_cancelled"));
        assertThat(clear.values()).containsExactly(1.0, 1.0, 0.0);
        assertThat(cancel.values()).containsExactly(0.0, 2.0, 0.0);
        assertThat(PrometheusScrape.percentileMillis(clear, 99)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void anEmptyWindowHasNoPercentile() {
        PrometheusScrape a = PrometheusScrape.parse(AFTER);
        TreeMap<Double, Double> none = a.bucketsSince(a, "gateway_stream_frame_lateness_seconds", Map.of());
        assertThat(PrometheusScrape.percentileMillis(none, 99)).isNaN();
        assertThat(PrometheusScrape.empty().value("gateway_stream_frames_late_total", Map.of())).isZero();
    }
}
