package io.voiceagents.testkit.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (binaries from Maven Central via io.zonky.test) on a local port.
 * Each service migrates its own schema with Flyway; this only provides the database.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DATABASE = "voiceagents";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts Postgres.
     *
     * @param dataDirectory where the cluster lives; null for a throw-away temp directory
     * @param port          0 for any free port
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDirectory != null) {
            Files.createDirectories(dataDirectory);
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        EmbeddedPostgres pg = new EmbeddedPostgres(builder.start());
        pg.createDatabaseIfMissing();
        return pg;
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("could not create database " + DATABASE, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
