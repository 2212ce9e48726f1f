package dev.backprop.support;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL for tests that start service instances themselves: a Testcontainers one where Docker
 * answers, the server in {@code BACKPROP_TEST_POSTGRES_URL} otherwise; and a schema of its own,
 * dropped on {@link #close()}. Use under {@link PostgresAvailability}.
 */
public final class PostgresServer implements AutoCloseable {

    private final PostgreSQLContainer container;
    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    public PostgresServer(String schemaPrefix) {
        if (PostgresAvailability.source() == PostgresAvailability.Source.DOCKER) {
            container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            url = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        } else {
            container = null;
            url = System.getenv(PostgresAvailability.URL_VARIABLE);
            user = Objects.requireNonNullElse(System.getenv("BACKPROP_TEST_POSTGRES_USER"), "postgres");
            password = Objects.requireNonNullElse(System.getenv("BACKPROP_TEST_POSTGRES_PASSWORD"), "");
        }
        schema = schemaPrefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Command-line arguments that point an instance at this schema, migrating it on start. */
    public List<String> arguments() {
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + schemaUrl(),
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema);
    }

    /** A TCP proxy to this server, for a test to cut and restore: the database going away and coming back. */
    public TcpProxy proxy() throws IOException {
        URI uri = URI.create(schemaUrl().substring("jdbc:".length()));
        return new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** As {@link #arguments()}, with the instance's connections going through {@code proxy}. */
    public List<String> argumentsThrough(TcpProxy proxy) {
        URI uri = URI.create(schemaUrl().substring("jdbc:".length()));
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return arguments().stream()
                .map(a -> a.startsWith("--spring.datasource.url=") ? "--spring.datasource.url=" + proxied : a)
                .toList();
    }

    /** The JDBC URL of this schema: its connections find its tables unqualified. */
    public String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String schema() {
        return schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            if (container != null) {
                container.stop();
            }
        }
    }
}
