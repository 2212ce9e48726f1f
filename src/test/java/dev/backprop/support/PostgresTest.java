package dev.backprop.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Runs a Spring test against a real PostgreSQL on the {@code postgres} profile: a Testcontainers
 * container where a Docker engine answers, otherwise the server named by
 * {@code BACKPROP_TEST_POSTGRES_URL} (with {@code BACKPROP_TEST_POSTGRES_USER} and
 * {@code BACKPROP_TEST_POSTGRES_PASSWORD}), in a schema of its own per Spring context (the schemas of
 * earlier runs are dropped first).
 * With neither, the test is skipped and says why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresAvailability.class)
@ActiveProfiles("postgres")
@Import(PostgresTestConfiguration.class)
public @interface PostgresTest {
}
