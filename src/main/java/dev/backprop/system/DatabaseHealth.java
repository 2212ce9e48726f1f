package dev.backprop.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database in /actuator/health, answered within a second. Spring Boot's own check asks the pool
 * for a connection and waits as long as the pool does, so while the database is away the health
 * endpoint would hang with it. Here the check runs off the request; an answer not in within 800 ms
 * is DOWN, and while one check waits no other starts. Readiness does not include it: an instance
 * whose database is away still serves predictions of the models it holds.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {

    /** Under a second, with room for the rest of the health endpoint's answer. */
    private static final Duration BOUND = Duration.ofMillis(800);

    private final DataSource dataSource;
    private final Executor executor = runnable -> Thread.ofVirtual().name("db-health").start(runnable);
    private final AtomicReference<CompletableFuture<Health>> check = new AtomicReference<>();

    DatabaseHealth(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        CompletableFuture<Health> running = check.get();
        if (running == null || running.isDone()) {
            CompletableFuture<Health> next = new CompletableFuture<>();
            if (check.compareAndSet(running, next)) {
                executor.execute(() -> next.complete(probe()));
                running = next;
            } else {
                running = check.get();
            }
        }
        try {
            return running.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no answer within " + BOUND.toMillis() + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("error", e.getCause().getClass().getSimpleName()).build();
        }
    }

    private Health probe() {
        try (Connection connection = dataSource.getConnection()) {
            String database = connection.getMetaData().getDatabaseProductName();
            return (connection.isValid(1) ? Health.up() : Health.down())
                    .withDetail("database", database).build();
        } catch (SQLException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
