package dev.backprop.training;

import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Histories in segments on PostgreSQL, the production database: a schema of its own per test. */
@ExtendWith(PostgresAvailability.class)
class HistoryStorePostgresTests extends HistoryStoreTests {

    private PostgresServer server;

    @Override
    DataSource dataSource() {
        server = new PostgresServer("backprop_test_history_");
        return new SimpleDriverDataSource(new org.postgresql.Driver(), server.schemaUrl(), server.user(), server.password());
    }

    @Override
    FluentConfiguration flyway() {
        return Flyway.configure().dataSource(server.schemaUrl(), server.user(), server.password())
                .schemas(server.schema()).defaultSchema(server.schema());
    }

    @AfterEach
    @Override
    void dropDatabase() throws Exception {
        server.close();
    }
}
