package io.voiceagents.outbound.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Publishes the configured dial rate, so a dashboard can put the dial queue's throughput next to its ceiling,
 * and logs the effective limits once at start.
 */
@ApplicationScoped
class OutboundMetrics {

    private static final Logger LOG = Logger.getLogger(OutboundMetrics.class);

    void onStart(@Observes StartupEvent event, OutboundConfig config, MeterRegistry registry) {
        double cps = config.twilio().callsPerSecond();
        Gauge.builder("outbound.dial.rate.limit", () -> cps)
                .description("Configured Twilio calls per second the dial queue paces itself to")
                .baseUnit("calls_per_second")
                .register(registry);
        LOG.infof("outbound-service limits: %.2f calls per second, allowed countries %s",
                cps, config.allowedCountries());
    }
}
