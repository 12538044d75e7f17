package io.voiceagents.knowledge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
class KnowledgeServiceTest {

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
    void knowledgeBasesTableLivesInTheKnowledgeSchema() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("""
                     select column_name from information_schema.columns
                     where table_schema = 'knowledge' and table_name = 'knowledge_bases' order by ordinal_position""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        assertThat(columns).containsExactly("id", "name", "description", "created_at", "updated_at", "version");
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        // Prometheus' classic text format, as a scraper asking for text/plain gets it
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("agroal_available_count{datasource=\"default\""));
    }

    @Test
    void openApiDocumentAnswers() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("Voice Agents knowledge-service"));
    }
}
