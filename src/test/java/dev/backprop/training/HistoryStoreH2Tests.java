package dev.backprop.training;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Histories in segments on embedded H2, the default database. */
class HistoryStoreH2Tests extends HistoryStoreTests {

    private String url;

    @Override
    DataSource dataSource() {
        url = "jdbc:h2:mem:history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return new SimpleDriverDataSource(new org.h2.Driver(), url, "sa", "");
    }

    @Override
    FluentConfiguration flyway() {
        return Flyway.configure().dataSource(url, "sa", "");
    }
}
