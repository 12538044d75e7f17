package io.voiceagents.gateway.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeliveryRetentionTest {

    @Inject
    DeliveryRetention retention;

    @Inject
    DataSource dataSource;

    @Test
    void tokensOlderThanTheRetentionAreForgottenAndRecentOnesKept() throws Exception {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        insertDelivery(old, OffsetDateTime.now().minus(Duration.ofDays(3)));
        insertDelivery(recent, OffsetDateTime.now().minus(Duration.ofMinutes(5)));

        assertThat(retention.purgeExpired()).isGreaterThanOrEqualTo(1);

        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
    }

    private void insertDelivery(String token, OffsetDateTime receivedAt) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO gateway.webhook_deliveries (idempotency_token, endpoint, call_sid, received_at) "
                        + "VALUES (?, 'status', 'CAretention', ?)")) {
            ps.setString(1, token);
            ps.setObject(2, receivedAt);
            ps.executeUpdate();
        }
    }

    private boolean exists(String token) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM gateway.webhook_deliveries WHERE idempotency_token = ?")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
