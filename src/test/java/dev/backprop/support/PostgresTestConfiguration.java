package dev.backprop.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
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

    static final String SCHEMA = "backprop_test";

    private static volatile boolean schemaReset;

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
        resetSchemaOnce(url, user, password);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        return registry -> {
            registry.add("spring.datasource.url", () -> schemaUrl);
            registry.add("spring.datasource.username", () -> user);
            registry.add("spring.datasource.password", () -> password);
            registry.add("spring.flyway.schemas", () -> SCHEMA);
            registry.add("spring.flyway.default-schema", () -> SCHEMA);
        };
    }

    /** Each run starts from an empty schema, so no earlier run's rows or migrations leak in. */
    private static synchronized void resetSchemaOnce(String url, String user, String password) {
        if (schemaReset) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        schemaReset = true;
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
