package io.voiceagents.gateway.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MicrometerStreamMetricsTest {

    @Test
    void lateTicksAreStillReadAfterTheCallersSupplierIsGarbage() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerStreamMetrics metrics = new MicrometerStreamMetrics(registry);
        long[] ticks = {7};
        // a capturing lambda, referenced by nobody but the metrics once this line is done
        metrics.watchLateTicks(() -> ticks[0]);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        ticks[0] = 9;

        assertThat(registry.get("gateway.stream.pacer.late.ticks").functionCounter().count()).isEqualTo(9.0);
    }
}
