package dev.backprop.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The database behind {@link PostgresTest}: a container, or a fresh schema on an external server. */
@TestConfiguration(proxyBeanMethods = false)
class PostgresTestConfiguration {

    /** Schemas of this project's tests all start so; each Spring context gets one of its own. */
    static final String SCHEMA_PREFIX = "backprop_test";

    private static volatile boolean schemasReset;

    @Bean
    @ServiceConnection
    @Conditional(OnDocker.class)
    PostgreSQLContainer postgresContainer() {
        return new PostgreSQLContainer("postgres:17-alpine");
    }

    @Bean
    @Conditional(OnExternal.class)
    DynamicPropertyRegistrar externalPostgres() {
        String url = System.getenv(PostgresAvailability.URL_VARIABLE);
        String user = Objects.requireNonNullElse(System.getenv("BACKPROP_TEST_POSTGRES_USER"), "postgres");
        String password = Objects.requireNonNullElse(System.getenv("BACKPROP_TEST_POSTGRES_PASSWORD"), "");
        resetSchemasOnce(url, user, password);
        // a schema per context: contexts cached side by side must not share a scheduler table
        String schema = SCHEMA_PREFIX + "_" + UUID.randomUUID().toString().substring(0, 8);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return registry -> {
            registry.add("spring.datasource.url", () -> schemaUrl);
            registry.add("spring.datasource.username", () -> user);
            registry.add("spring.datasource.password", () -> password);
            registry.add("spring.flyway.schemas", () -> schema);
            registry.add("spring.flyway.default-schema", () -> schema);
        };
    }

    /** Each run starts clean: the schemas earlier runs left behind are dropped. */
    private static synchronized void resetSchemasOnce(String url, String user, String password) {
        if (schemasReset) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE '"
                    + SCHEMA_PREFIX + "%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String schema : old) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        schemasReset = true;
    }

    static final class OnDocker implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return PostgresAvailability.source() == PostgresAvailability.Source.DOCKER;
        }
    }

    static final class OnExternal implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return PostgresAvailability.source() == PostgresAvailability.Source.EXTERNAL;
        }
    }
}
