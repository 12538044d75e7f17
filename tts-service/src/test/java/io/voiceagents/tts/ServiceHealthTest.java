package io.voiceagents.tts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The service migrates its schema and reports itself. Infrastructure from {@link SynthesisServiceTest}'s resources. */
@QuarkusTest
class ServiceHealthTest {

    @Inject
    DataSource dataSource;

    @Test
    void readinessIsUpWithDatasourceAndMigrationChecks() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Flyway migrations"))
                .body("checks.name", hasItem(containsString("Database connections")))
                .body("checks.find { it.name == 'Flyway migrations' }.data.version", equalTo("1"))
                .body("checks.find { it.name == 'Flyway migrations' }.data.pending", equalTo(0));
    }

    @Test
    void phrasesTableLivesInTheTtsSchema() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("""
                     select column_name from information_schema.columns
                     where table_schema = 'tts' and table_name = 'phrases' order by ordinal_position""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        assertThat(columns).containsExactly("id", "text", "voice", "language", "format", "content_type", "audio",
                "duration_ms", "size_bytes", "created_at", "last_used_at", "hit_count");
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        // Prometheus' classic text format, as a scraper asking for text/plain gets it
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("agroal_available_count{datasource=\"default\""))
                .body(containsString("tts_cache_memory_limit_bytes 6.7108864E7"));
    }

    @Test
    void openApiDocumentAnswers() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Voice Agents tts-service"))
                .body("paths", hasKey("/tts/audio/{audioId}.wav"));
    }
}
