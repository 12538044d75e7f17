package io.voiceagents.tts.infra.health;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Ready only when every migration shipped with this build is applied to the schema: an instance running
 * against an older schema would fail on its first query instead of at the load balancer.
 */
@Readiness
@ApplicationScoped
public class FlywayMigrationsHealthCheck implements HealthCheck {

    @Inject
    Flyway flyway;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("Flyway migrations");
        try {
            var info = flyway.info();
            MigrationInfo current = info.current();
            int pending = info.pending().length;
            long failed = Arrays.stream(info.all()).filter(m -> m.getState().isFailed()).count();
            builder.withData("schema", String.join(",", flyway.getConfiguration().getSchemas()))
                    .withData("version", current == null ? "none" : current.getVersion().getVersion())
                    .withData("pending", pending)
                    .withData("failed", failed);
            return builder.status(current != null && pending == 0 && failed == 0).build();
        } catch (RuntimeException e) {
            return builder.down().withData("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
