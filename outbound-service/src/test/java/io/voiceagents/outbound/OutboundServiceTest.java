package io.voiceagents.outbound;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The service starts against embedded Postgres and Kafka, migrates its schema and reports itself. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
class OutboundServiceTest {

    @Inject
    DataSource dataSource;

    @Test
    void readinessIsUpWithDatasourceAndMigrationChecks() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Flyway migrations"))
                .body("checks.name", hasItem(containsString("Database connections")))
                .body("checks.find { it.name == 'Flyway migrations' }.data.version", equalTo("2"))
                .body("checks.find { it.name == 'Flyway migrations' }.data.pending", equalTo(0));
    }

    @Test
    void outboundCallsTableLivesInTheOutboundSchema() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("""
                     select column_name from information_schema.columns
                     where table_schema = 'outbound' and table_name = 'outbound_calls' order by ordinal_position""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        assertThat(columns).containsExactly("id", "agent_id", "to_number", "from_number", "status", "twilio_call_sid",
                "idempotency_key", "created_at", "updated_at", "version", "tenant", "request_hash", "initial_message",
                "metadata", "machine_detection", "campaign_id", "contact_id", "attempt", "status_rank", "next_dial_at",
                "dial_requests", "dial_started_at", "dialed_at", "ringing_at", "answered_at", "ended_at",
                "duration_seconds", "answered_by", "failure_reason", "twilio_error_code", "cancel_requested_at");
    }

    @Test
    void idempotencyKeyIsUnique() throws SQLException {
        String insert = """
                insert into outbound.outbound_calls (id, agent_id, to_number, from_number, status, idempotency_key)
                values (gen_random_uuid(), gen_random_uuid(), '+14155550123', '+14155550100', 'queued', ?)""";
        String key = "test-" + java.util.UUID.randomUUID();
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(insert)) {
            statement.setString(1, key);
            statement.executeUpdate();
            assertThatThrownBy(statement::executeUpdate)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("outbound_calls_tenant_idempotency_key");
        }
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        // Prometheus' classic text format, as a scraper asking for text/plain gets it
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("agroal_available_count{datasource=\"default\""))
                .body(containsString("outbound_dial_rate_limit_calls_per_second 1.0"));
    }

    @Test
    void openApiDocumentAnswers() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Voice Agents outbound-service"));
    }
}
